using Microsoft.AspNetCore.Mvc;
using Omnirapeutic.Core;

namespace Omnirapeutic.Web.Api;

internal static class ApiProblems
{
    /// <summary>The problem type is the stable code itself (a relative URI reference), repeated as <c>code</c>.</summary>
    public static ProblemDetails Create(int status, string code, string title, string detail) => new()
    {
        Type = code,
        Status = status,
        Title = title,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    public static ProblemDetails From(DomainException refusal) => refusal.Kind switch
    {
        DomainErrorKind.NotFound => Create(StatusCodes.Status404NotFound, refusal.Code, "Not found.", refusal.Message),
        DomainErrorKind.Conflict => Create(StatusCodes.Status409Conflict, refusal.Code, "The request conflicts with the current state.", refusal.Message),
        DomainErrorKind.Unprocessable => Create(StatusCodes.Status422UnprocessableEntity, refusal.Code, "The request cannot be processed.", refusal.Message),
        _ => Create(StatusCodes.Status400BadRequest, refusal.Code, "The request is not valid.", refusal.Message),
    };
}
