using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Omnirapeutic.Core;

namespace Omnirapeutic.Web.Api;

internal static class ApiProblems
{
    /// <summary>Details quote what the client sent (a property name, a header, a value): never echo a huge one whole.</summary>
    public const int MaxDetailLength = 300;

    /// <summary>The problem type is the stable code itself (a relative URI reference), repeated as <c>code</c>.</summary>
    public static ProblemDetails Create(int status, string code, string title, string detail) => new()
    {
        Type = code,
        Status = status,
        Title = title,
        Detail = detail.Length > MaxDetailLength ? string.Concat(detail.AsSpan(0, MaxDetailLength - 1), "…") : detail,
        Extensions = { ["code"] = code },
    };

    public static ProblemDetails From(DomainException refusal) => refusal.Kind switch
    {
        DomainErrorKind.Forbidden => Create(StatusCodes.Status403Forbidden, refusal.Code, "Forbidden.", refusal.Message),
        DomainErrorKind.NotFound => Create(StatusCodes.Status404NotFound, refusal.Code, "Not found.", refusal.Message),
        DomainErrorKind.Conflict => Create(StatusCodes.Status409Conflict, refusal.Code, "The request conflicts with the current state.", refusal.Message),
        DomainErrorKind.Unprocessable => Create(StatusCodes.Status422UnprocessableEntity, refusal.Code, "The request cannot be processed.", refusal.Message),
        _ => Create(StatusCodes.Status400BadRequest, refusal.Code, "The request is not valid.", refusal.Message),
    };

    /// <summary>What the framework could not read, with the JSON reader's reason and where in the body it stopped.</summary>
    public static ProblemDetails From(BadHttpRequestException bad) => Create(
        bad.StatusCode,
        "invalid-request",
        "The request is not valid.",
        bad.InnerException is JsonException json
            ? $"{bad.Message} {json.Message}{(json.Path is { } path && !json.Message.Contains(path, StringComparison.Ordinal) ? $" Path: {path}." : string.Empty)}"
            : bad.Message);
}
