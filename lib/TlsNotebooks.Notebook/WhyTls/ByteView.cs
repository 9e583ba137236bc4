using System.Text;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace TlsNotebooks.Notebook.WhyTls;

/// <summary>
/// Ways to look at captured bytes: as an eavesdropper's text view, as a hex dump, and as
/// statistics (how often each byte value occurs, and the entropy that sums it up).
/// </summary>
public static class ByteView
{
    /// <summary>
    /// The bytes as text the way a packet sniffer shows them: printable ASCII as itself,
    /// line breaks kept, every other byte as a dot.
    /// </summary>
    public static string Text(byte[] bytes, int max = 600)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = new StringBuilder();
        foreach (var b in bytes.Take(max))
        {
            text.Append(b switch
            {
                (byte)'\n' => "\n",
                (byte)'\r' => string.Empty,
                >= 32 and < 127 => ((char)b).ToString(),
                _ => ".",
            });
        }

        if (bytes.Length > max)
        {
            text.Append($"\n... ({bytes.Length - max} more bytes)");
        }

        return text.ToString();
    }

    /// <summary>A hex dump: offset, sixteen bytes in hex, the same bytes as ASCII.</summary>
    public static string Dump(byte[] bytes, int max = 256)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = new StringBuilder();
        var shown = Math.Min(max, bytes.Length);
        for (var line = 0; line < shown; line += 16)
        {
            var row = bytes.AsSpan(line, Math.Min(16, shown - line));
            text.Append($"{line:x4}  ");
            for (var i = 0; i < 16; i++)
            {
                text.Append(i < row.Length ? $"{row[i]:x2} " : "   ");
            }

            text.Append(' ');
            foreach (var b in row)
            {
                text.Append(b is >= 32 and < 127 ? (char)b : '.');
            }

            text.Append('\n');
        }

        if (bytes.Length > shown)
        {
            text.Append($"... ({bytes.Length - shown} more bytes)\n");
        }

        return text.ToString();
    }

    /// <summary>True when the text's ASCII bytes occur somewhere in the bytes.</summary>
    public static bool Contains(byte[] bytes, string text) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>
    /// Shannon entropy in bits per byte: 8 when every byte value is equally likely (what
    /// good encryption looks like), about 4 to 5 for English text and HTML.
    /// </summary>
    /// <remarks>
    /// Estimated from counts, so a short sample reads low: 300 perfectly random bytes cannot
    /// show all 256 values often enough to reach 8.
    /// </remarks>
    public static double Entropy(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return 0;
        }

        var counts = new int[256];
        foreach (var b in bytes)
        {
            counts[b]++;
        }

        var entropy = 0.0;
        foreach (var count in counts.Where(c => c > 0))
        {
            var p = (double)count / bytes.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    /// <summary>How many times each byte value 0..255 occurs.</summary>
    public static int[] Counts(ReadOnlySpan<byte> bytes)
    {
        var counts = new int[256];
        foreach (var b in bytes)
        {
            counts[b]++;
        }

        return counts;
    }

    /// <summary>
    /// Byte-value histograms of two captures side by side: one bar per byte value 0..255, its
    /// height the share of the capture's bytes with that value (so captures of different
    /// sizes compare), both panels on the same vertical scale.
    /// </summary>
    public static GenericChart Histograms(string title, (string Name, byte[] Bytes) first,
        (string Name, byte[] Bytes) second)
    {
        ArgumentNullException.ThrowIfNull(first.Bytes);
        ArgumentNullException.ThrowIfNull(second.Bytes);
        var values = Enumerable.Range(0, 256).Select(v => (double)v).ToArray();
        var shares = new[] { Shares(first.Bytes), Shares(second.Bytes) };
        var top = Math.Max(1, Math.Ceiling(shares.Max(s => s.Max())));
        GenericChart Panel(string name, double[] share) =>
            Chart.Column<double, double, string>(share, Keys: values, Name: name)
                .WithXAxisStyle<double, double, string>(TitleText: "byte value (0-255)",
                    MinMax: Tuple.Create(-0.5, 255.5))
                .WithYAxisStyle<double, double, string>(TitleText: "share of bytes (%)",
                    MinMax: Tuple.Create(0.0, top));
        var grid = Chart.Grid(
            [Panel(first.Name, shares[0]), Panel(second.Name, shares[1])], nRows: 1, nCols: 2,
            SubPlotTitles: new[] { first.Name, second.Name }, XGap: 0.18);
        return Charts.WithTitle(grid, title);
    }

    private static double[] Shares(byte[] bytes) =>
        Counts(bytes).Select(c => bytes.Length == 0 ? 0 : 100.0 * c / bytes.Length).ToArray();
}
