using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnirapeutic.Web.Api;

/// <summary>Reads instants in JSON bodies only in the contract's form (System.Text.Json alone takes a time without offset as UTC).</summary>
internal sealed class InstantJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && IsoFormats.TryParseInstant(reader.GetString(), out var instant)
            ? instant
            : throw new JsonException($"Expected {IsoFormats.InstantRule}.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
