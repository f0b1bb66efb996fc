using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// Query and route values held to the contract's forms before a handler runs: instants with an offset, dates as
/// <c>yyyy-MM-dd</c>, enums by name. The framework's binders are lenient (an instant without offset becomes UTC, a number
/// becomes an undefined enum value), and a filter on the group covers every endpoint, including the next one.
/// </summary>
internal static class QueryValueFilter
{
    public static TBuilder WithContractQueryValues<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters().Select(CheckFor).OfType<Check>().ToArray();
        if (checks.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            var request = invocation.HttpContext.Request;
            foreach (var check in checks)
            {
                IEnumerable<string?> values = request.RouteValues.TryGetValue(check.Name, out var routed) ? [routed?.ToString()] : request.Query[check.Name];
                if (values.Any(value => !string.IsNullOrEmpty(value) && !check.IsValid(value)))
                {
                    return ValueTask.FromResult<object?>(TypedResults.Problem(ApiProblems.Create(
                        StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid.", $"'{check.Name}' must be {check.Rule}.")));
                }
            }

            return next(invocation);
        };
    }

    private static Check? CheckFor(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var name = parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name!;
        if (type == typeof(DateTimeOffset))
        {
            return new Check(name, value => IsoFormats.TryParseInstant(value, out _), IsoFormats.InstantRule);
        }

        if (type == typeof(DateOnly))
        {
            return new Check(name, value => IsoFormats.TryParseDate(value, out _), IsoFormats.DateRule);
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            return new Check(name, value => names.Contains(value, StringComparer.OrdinalIgnoreCase), $"one of: {string.Join(", ", names)}");
        }

        return null;
    }

    private sealed record Check(string Name, Func<string, bool> IsValid, string Rule);
}
