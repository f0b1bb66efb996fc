using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// Enums by name only: no numbers (<c>"days":[99]</c> is no day) and no comma lists, which System.Text.Json
/// would otherwise OR together (<c>"Monday, Tuesday"</c> reads as Wednesday).
/// </summary>
internal sealed class DefinedEnumJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(NameOnly<>).MakeGenericType(typeToConvert), options)!;

    private sealed class NameOnly<TEnum>(JsonSerializerOptions options) : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        private readonly JsonConverter<TEnum> _names = (JsonConverter<TEnum>)new JsonStringEnumConverter<TEnum>(allowIntegerValues: false)
            .CreateConverter(typeof(TEnum), options);

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || reader.GetString()!.Contains(','))
            {
                throw new JsonException($"Expected one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
            }

            return _names.Read(ref reader, typeToConvert, options);
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => _names.Write(writer, value, options);
    }
}
