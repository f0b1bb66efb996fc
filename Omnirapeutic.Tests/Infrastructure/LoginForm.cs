using AngleSharp.Html.Parser;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>Fills in and posts the real sign-in form (or another form of a page), antiforgery token and all, as a browser would.</summary>
internal static class LoginForm
{
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string email, string password, string? returnUrl = null) =>
        PostAsync(
            client,
            returnUrl is null ? "/Account/Login" : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>
    /// Reads the page at <paramref name="path"/>, finds its form that has the first field given, and posts it with its
    /// hidden fields (the antiforgery token, the form's name) and the values given.
    /// </summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, IReadOnlyDictionary<string, string> values)
    {
        var page = await client.GetStringAsync(path);
        var field = values.Keys.First();
        var form = new HtmlParser().ParseDocument(page).QuerySelectorAll("form[method=post]").SingleOrDefault(f => f.QuerySelector($"input[name='{field}']") is not null)
            ?? throw new InvalidOperationException($"The page {path} has no form with {field}.");
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? string.Empty);
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }
}
