using Omnirapeutic.Web.Api;

namespace Omnirapeutic.Web.Hosting;

/// <summary>
/// A request the framework cannot bind (a query value of the wrong type, say) is the client's mistake on every path:
/// a 400 problem, never a 500 or the Development exception page, which would echo the request's cookies.
/// The API's own exception handler answers its paths first.
/// </summary>
internal sealed class BadRequestProblemMiddleware(RequestDelegate next, IProblemDetailsService problemDetails)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = bad.StatusCode;
            await problemDetails.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = ApiProblems.From(bad) });
        }
    }
}
