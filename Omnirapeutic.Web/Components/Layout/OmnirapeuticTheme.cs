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
