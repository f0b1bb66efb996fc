using System.Text;
using Omnirapeutic.Web.Api;

namespace Omnirapeutic.Web.Hosting;

/// <summary>
/// Kestrel drops a request whose header is not valid UTF-8 with a bare 400 before the app sees it. Decoding with
/// replacement lets it through, marked with U+FFFD, and the API then refuses it with a problem naming the header.
/// </summary>
internal static class RequestHeaderEncoding
{
    public static readonly Encoding Utf8WithReplacement = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static Task RefuseUndecodableAsync(HttpContext context, RequestDelegate next)
    {
        foreach (var (name, values) in context.Request.Headers)
        {
            if (values.Any(value => value?.Contains('\uFFFD', StringComparison.Ordinal) == true))
            {
                throw new BadHttpRequestException($"The {name} header is not valid UTF-8.");
            }
        }

        return next(context);
    }
}
