using System.Reflection;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Lane;

namespace Omnirapeutic.Tests.Lane;

/// <summary>The unit methods of an authorization are reachable only through the lane: its batch is their one caller.</summary>
public sealed class LaneArchitectureTests
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [Fact]
    public void AuthorizationUnitMethods_AreCalledOnlyFromTheLaneBatch()
    {
        var guarded = typeof(Authorization).GetMethods(Declared)
            .Where(m => m.Name is nameof(Authorization.Reserve) or nameof(Authorization.Release) or nameof(Authorization.Consume)
                or nameof(Authorization.AdjustTotal) or nameof(Authorization.Approve) or nameof(Authorization.Deny) or nameof(Authorization.Void)
                or nameof(Authorization.Renewal) or nameof(Authorization.HandOver))
            .ToHashSet<MethodBase>();

        var callers = typeof(Authorization).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            .Where(method => Calls(method).Any(guarded.Contains))
            .Select(method => Outermost(method.DeclaringType!).Name)
            .ToHashSet();

        Assert.Equal(9, guarded.Count);
        Assert.All(guarded, m => Assert.False(((MethodInfo)m).IsPublic, $"{m.Name} is public"));
        Assert.Equal([nameof(LaneBatch)], callers);
    }

    /// <summary>
    /// The methods a body calls: every call or callvirt opcode followed by a method token. A byte that only looks like
    /// one resolves to nothing or throws, so it cannot add a caller that is not there.
    /// </summary>
    private static IEnumerable<MethodBase> Calls(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is not (0x28 or 0x6F))
            {
                continue;
            }

            var token = BitConverter.ToInt32(il, i + 1);
            if ((token >>> 24) is not (0x06 or 0x0A or 0x2B))
            {
                continue;
            }

            MethodBase? called;
            try
            {
                called = method.Module.ResolveMethod(token, typeArguments, methodArguments);
            }
            catch (Exception e) when (e is ArgumentException or BadImageFormatException)
            {
                continue;
            }

            if (called is not null)
            {
                yield return called;
            }
        }
    }

    /// <summary>The type a lambda, local function or async state machine was written in.</summary>
    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;
}
