using System.Text.RegularExpressions;

namespace TlsNotebooks.Notebook;

/// <summary>
/// The plotly.js that ships inside Plotly.NET.dll, so charts draw with no network at all.
/// </summary>
/// <remarks>
/// Plotly.NET's own notebook formatter asks a CDN for plotly.js (and require.js) every time a
/// notebook is viewed, so an offline student sees blank charts. Instead, the set-up cell puts
/// this copy into the page once, and each chart waits for it (see <see cref="ChartHtml"/>).
/// </remarks>
public static partial class PlotlyJs
{
    private static readonly Lazy<(string Name, string Source)> s_embedded = new(ReadEmbedded);

    /// <summary>The version of the embedded plotly.js, such as "2.28.0".</summary>
    public static string Version =>
        PlotlyResourceName().Match(s_embedded.Value.Name).Groups["version"].Value;

    /// <summary>The minified plotly.js source.</summary>
    public static string Source => s_embedded.Value.Source;

    /// <summary>
    /// An HTML fragment that defines <c>window.Plotly</c> from the embedded source.
    /// </summary>
    /// <remarks>
    /// Classic Jupyter pages carry require.js, and plotly.js's module wrapper then registers
    /// itself with require.js instead of setting <c>window.Plotly</c>. Hiding <c>define</c>,
    /// <c>module</c> and <c>exports</c> inside a function scope makes it fall through to the
    /// global, whichever front end shows the page.
    /// </remarks>
    public static string LoaderHtml()
    {
        // "</script" inside the source would end the script element early.
        var source = Source.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        return
            "<div class=\"tlsnb-plotly-loader\" style=\"display:none\"></div>\n" +
            "<script type=\"text/javascript\">\n" +
            "(function () {\n" +
            "  if (window.Plotly) { return; }\n" +
            "  var define = undefined, module = undefined, exports = undefined;\n" +
            source + "\n" +
            "})();\n" +
            "</script>\n";
    }

    private static (string Name, string Source) ReadEmbedded()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames()
            .FirstOrDefault(n => PlotlyResourceName().IsMatch(n))
            ?? throw new InvalidOperationException(
                $"{assembly.GetName().Name} {assembly.GetName().Version} carries no plotly.js; "
                + "charts cannot be drawn offline with this version of Plotly.NET.");

        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return (name, reader.ReadToEnd());
    }

    [GeneratedRegex(@"plotly-(?<version>\d+\.\d+\.\d+)\.min\.js$")]
    private static partial Regex PlotlyResourceName();
}
