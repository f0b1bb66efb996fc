using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>bUnit contexts that render pages over the real Core services, signed in as an organization's admin.</summary>
internal static class AdminPages
{
    /// <summary>Long enough for a real database round trip on a busy machine; the wait ends as soon as the markup matches.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <summary>MudBlazor and Core on <paramref name="connectionString"/>, the providers dialogs and popovers render into, and the admin's principal.</summary>
    public static (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudSnackbarProvider> Snackbars, IRenderedComponent<MudPopoverProvider> Popovers) Start(
        BunitContext context, string connectionString, Actor admin, string role = Roles.Admin)
    {
        context.WithCore(connectionString, admin, role);
        var popovers = context.Render<MudPopoverProvider>();
        return (context.Render<MudDialogProvider>(), context.Render<MudSnackbarProvider>(), popovers);
    }

    /// <summary>The input a visible label names, as a screen reader (or Playwright's getByLabel) finds it.</summary>
    public static IElement Labelled<T>(this IRenderedComponent<T> fragment, string label)
        where T : IComponent
    {
        var element = fragment.FindAll("label").SingleOrDefault(l => l.TextContent.Trim().TrimEnd('*').Trim() == label)
            ?? throw new InvalidOperationException($"No label '{label}' in: {fragment.Markup}");
        var id = element.GetAttribute("for") ?? throw new InvalidOperationException($"The label '{label}' names no input.");
        return fragment.Find($"#{id}");
    }

    /// <summary>The button whose text or aria-label is <paramref name="name"/>.</summary>
    public static IElement Button<T>(this IRenderedComponent<T> fragment, string name)
        where T : IComponent =>
        fragment.FindAll("button").SingleOrDefault(b => b.TextContent.Trim() == name || b.GetAttribute("aria-label") == name)
            ?? throw new InvalidOperationException($"No button '{name}' in: {fragment.Markup}");

    /// <summary>Finds and clicks a button on the renderer's thread, so a re-render in between cannot swap its handler.</summary>
    public static Task PressAsync<T>(this IRenderedComponent<T> fragment, string name)
        where T : IComponent =>
        fragment.InvokeAsync(() => fragment.Button(name).Click());

    /// <summary>Types into the input a label names and leaves it, on the renderer's thread.</summary>
    public static Task EnterAsync<T>(this IRenderedComponent<T> fragment, string label, string value)
        where T : IComponent =>
        fragment.InvokeAsync(() => fragment.Labelled(label).Change(value));

    /// <summary>Chooses the radio button whose label reads <paramref name="name"/>.</summary>
    public static Task ChooseAsync<T>(this IRenderedComponent<T> fragment, string name)
        where T : IComponent =>
        fragment.InvokeAsync(() => fragment.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == name).QuerySelector("input[type=radio]")!.Click());
}
