using MudBlazor;

namespace Omnirapeutic.Web.Components.Layout;

internal static class OmnirapeuticTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#00796b",
            Secondary = "#5c6bc0",
            AppbarBackground = "#00695c",
            Background = "#f5f7f7",

            // WCAG 2.1 AA: MudBlazor's defaults give white chip text 2.2:1 on success and secondary text 4.48:1 on this
            // background; these give at least 4.5:1 (axe checks every main page in the e2e suite).
            TextSecondary = "rgba(0,0,0,0.62)",
            Success = "#2e7d32",
            Info = "#1565c0",
            Warning = "#a14c00",
            Error = "#c62828",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
