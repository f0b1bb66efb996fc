using AngleSharp.Html.Parser;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>Fills in and posts the real sign-in form, antiforgery token and all, as a browser would.</summary>
internal static class LoginForm
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var path = returnUrl is null ? "/Account/Login" : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = await client.GetStringAsync(path);
        var form = new HtmlParser().ParseDocument(page).QuerySelectorAll("form[method=post]").SingleOrDefault(f => f.QuerySelector("input[name='Input.Email']") is not null)
            ?? throw new InvalidOperationException("The sign-in page has no sign-in form.");
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? string.Empty);
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }
}
