using System.Globalization;
using System.Numerics;
using System.Text;

namespace TlsNotebooks.Notebook;

/// <summary>
/// Rows of values with named columns, shown as one HTML table: for a list of records or
/// anonymous objects, which the kernel would otherwise show as a tree of nested rows.
/// </summary>
public sealed class RowTable
{
    internal RowTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    /// <summary>The column headings.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The cells, row by row, as text.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>
    /// One row per item, one column per public property, in declaration order. An underscore
    /// in a property name becomes a space in its heading ("Mallory_sends": "Mallory sends").
    /// </summary>
    public static RowTable Of<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var properties = typeof(T).GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0)
            .ToArray();
        var rows = items
            .Select(item => (IReadOnlyList<string>)properties
                .Select(p => Format(item is null ? null : p.GetValue(item)))
                .ToArray())
            .ToArray();
        return new RowTable(properties.Select(p => p.Name.Replace('_', ' ')).ToArray(), rows);
    }

    /// <summary>
    /// A value as a reader should see it: fractions to four significant digits, numbers from
    /// 10,000 up with thousands separators and no decimals, long numbers abbreviated.
    /// </summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        double d => FormatReal(d),
        float f => FormatReal(f),
        int i => FormatWhole(i),
        long l => FormatWhole(l),
        BigInteger b => DhTables.Number(b),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string FormatWhole(long value) =>
        value.ToString(Math.Abs(value) >= 10_000 ? "N0" : "D", CultureInfo.InvariantCulture);

    private static string FormatReal(double value)
    {
        var format = Math.Abs(value) switch
        {
            >= 10_000 when double.IsFinite(value) => "N0",
            >= 1_000 when double.IsFinite(value) => "F0",
            _ => "G4",
        };
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>The table as HTML.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"tlsnb-rows\"><thead><tr>");
        foreach (var column in Columns)
        {
            html.Append("<th style=\"text-align:left\">").Append(Html.Encode(column))
                .Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td style=\"text-align:left\">").Append(Html.Encode(cell))
                    .Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The table as aligned plain text.</summary>
    public override string ToString()
    {
        var widths = Columns
            .Select((c, i) => Rows.Select(r => r[i].Length).Append(c.Length).Max())
            .ToArray();
        var text = new StringBuilder();
        AppendLine(text, Columns, widths);
        foreach (var row in Rows)
        {
            AppendLine(text, row, widths);
        }

        return text.ToString();
    }

    private static void AppendLine(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            text.Append(cells[i].PadRight(widths[i])).Append(i + 1 < cells.Count ? "  " : "");
        }

        text.AppendLine();
    }
}
