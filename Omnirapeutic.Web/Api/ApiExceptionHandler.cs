using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// Every API error as RFC 9457 problem details: domain refusals with their stable code as the problem type,
/// bad requests with what was wrong, an unavailable database as 503; never a stack trace.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }

        var problem = exception switch
        {
            DomainException refusal => ApiProblems.From(refusal),
            BadHttpRequestException bad => ApiProblems.From(bad),
            DatabaseUnavailableException unavailable => Unavailable(httpContext, unavailable.Message),
            _ when IsDatabaseAway(exception) => Unavailable(httpContext, "The database cannot be reached; nothing was saved."),
            _ => null,
        };
        if (problem is null)
        {
            LogUnexpected(logger, exception, httpContext.Request.Path);
            problem = ApiProblems.Create(StatusCodes.Status500InternalServerError, "server-error", "Something went wrong.", "The request could not be completed.");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// A lost or refused connection, also the one a stale pooled connection reports once after a database restart
    /// (57P01), which EF Core wraps in an InvalidOperationException: walk the whole chain.
    /// </summary>
    private static bool IsDatabaseAway(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true }
                || e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow })
            {
                return true;
            }
        }

        return false;
    }

    private static ProblemDetails Unavailable(HttpContext httpContext, string detail)
    {
        httpContext.Response.Headers.RetryAfter = "1";
        return ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, "database-unavailable", "The database is unavailable.", detail);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error answering {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, PathString path);
}
