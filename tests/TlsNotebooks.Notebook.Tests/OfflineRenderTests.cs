using System.Text.RegularExpressions;
using TlsNotebooks.Tools;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// Charts must draw with no network at all. The executed notebook is turned into HTML by
/// Jupyter's nbconvert and loaded by headless Chromium with networking cut off; the page the
/// browser ends with must hold a drawn Plotly chart for every chart the notebook made.
/// </summary>
[Collection(NotebookCollection.Name)]
public partial class OfflineRenderTests(NotebookRuns runs)
{
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromMinutes(3);

    [Theory]
    [MemberData(nameof(NotebookRuns.SourceNotebooks), MemberType = typeof(NotebookRuns))]
    public async Task Notebook_ExecutedAndExportedToHtml_DrawsEveryChartWithTheNetworkOff(
        string notebook)
    {
        var result = await runs.RunAsync(Path.Combine(Repository.NotebooksFolder, notebook));
        Assert.True(result.Succeeded, result.FailureReport);
        Assert.True(result.Charts >= 1, $"{notebook} made no chart: {result.Summary}");

        var folder = Path.Combine(Repository.Root, "artifacts", "offline-render");
        Directory.CreateDirectory(folder);
        var nbconvert = ExternalTool.Require("jupyter-nbconvert", "jupyter-nbconvert");
        ExternalTool.Run(
            nbconvert,
            ["--to", "html", "--output-dir", folder, result.ExecutedPath!],
            folder,
            s_toolTimeout);
        var name = Path.GetFileNameWithoutExtension(notebook);
        var html = Path.Combine(folder, name + ".html");
        Assert.True(File.Exists(html), $"nbconvert wrote no {html}");

        var dom = OfflineBrowser.DumpDom(html, Path.Combine(folder, name + ".png"));

        // Plotly draws each chart into an <svg class="main-svg">; one chart makes two of them.
        var drawn = MainSvg().Matches(dom).Count / 2;
        Assert.True(
            drawn >= result.Charts,
            $"the browser drew {drawn} of {notebook}'s {result.Charts} charts "
            + "with the network off");
        Assert.DoesNotMatch(ChartReplacedByMessage(), dom);
    }

    // What a chart's div holds when plotly.js never arrived (see ChartHtml).
    [GeneratedRegex("id=\"tlsnb-chart-[0-9a-f]+\"[^>]*><p><em>")]
    private static partial Regex ChartReplacedByMessage();

    [GeneratedRegex("<svg[^>]*class=\"main-svg\"")]
    private static partial Regex MainSvg();
}

/// <summary>Headless Chromium with every network path closed.</summary>
internal static class OfflineBrowser
{
    /// <summary>
    /// Loads a local HTML file, lets its scripts run, and returns the resulting DOM; also saves
    /// a screenshot a person can look at.
    /// </summary>
    public static string DumpDom(string htmlPath, string screenshotPath)
    {
        var chromium = ExternalTool.Require("chromium", "chromium");
        var profile = Directory.CreateTempSubdirectory("tlsnb-chromium-").FullName;
        string[] flags =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profile}",
            // Any host name fails to resolve and any connection goes to a closed port: the page
            // gets only what is in the file itself.
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
            "--virtual-time-budget=15000", "--window-size=1200,2400",
        ];

        // As root, also run the browser in a new network namespace that has no interfaces but
        // loopback (unshare --net): then no request can leave the machine, whatever the page asks.
        var isolate = Environment.UserName == "root" && File.Exists("/usr/bin/unshare");
        string Browse(string action)
        {
            string file = isolate ? "/usr/bin/unshare" : chromium;
            var arguments = (isolate ? new[] { "--net", "--", chromium } : [])
                .Concat(flags).Append(action).Append(new Uri(htmlPath).AbsoluteUri);
            var (code, output) = ChildProcess.Run(file, arguments, Path.GetDirectoryName(htmlPath)!,
                TimeSpan.FromMinutes(2));
            Assert.True(code == 0, $"chromium exited with {code}:\n{output}");
            return output;
        }

        Browse($"--screenshot={screenshotPath}");
        return Browse("--dump-dom");
    }
}
