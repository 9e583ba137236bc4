using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using TlsNotebooks.DiffieHellman;
using TlsNotebooks.Notebook.Exercises;
using TlsNotebooks.Presentation;

namespace TlsNotebooks.Notebook;

/// <summary>Teaches the kernel how to show the library's types and Plotly.NET charts.</summary>
internal static class Formatters
{
    private const string HtmlMime = "text/html";
    private const string PlainMime = "text/plain";

    // Not inlined: this method mentions Plotly.NET, whose FSharp.Core reference must not be
    // resolved before FSharpCoreBinding.Install has run.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Register()
    {
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartHtml.Render(chart)), HtmlMime);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlMime);

        Formatter.Register<IFieldTable>((table, writer) => writer.Write(Html.Table(table)), HtmlMime);
        Formatter.Register<IFieldTable>((table, writer) => writer.Write(Html.PlainTable(table)), PlainMime);

        // The Diffie-Hellman types have no table of their own in the core: DhTables chooses
        // what the lesson shows.
        RegisterTable<DhGroup>(DhTables.Of);
        RegisterTable<DhKeyPair>(DhTables.Of);
        RegisterTable<DhSharedSecret>(DhTables.Of);

        Formatter.Register<RowTable>((table, writer) => writer.Write(table.ToHtml()), HtmlMime);
        Formatter.Register<RowTable>((table, writer) => writer.Write(table.ToString()), PlainMime);
        Formatter.SetPreferredMimeTypesFor(typeof(RowTable), HtmlMime);

        Formatter.Register<ReadyBanner>((banner, writer) => writer.Write(Html.Encode(banner.ToString())), HtmlMime);
        Formatter.Register<ReadyBanner>((banner, writer) => writer.Write(banner.ToString()), PlainMime);

        Formatter.Register<ExerciseResult>((result, writer) => writer.Write(result.ToHtml()), HtmlMime);
        Formatter.Register<ExerciseResult>((result, writer) => writer.Write(result.ToString()), PlainMime);

        X509Formatters.Register();
    }

    private static void RegisterTable<T>(Func<T, IFieldTable> toTable)
    {
        Formatter.Register<T>(
            (value, writer) => writer.Write(Html.Table(toTable(value))), HtmlMime);
        Formatter.Register<T>(
            (value, writer) => writer.Write(Html.PlainTable(toTable(value))), PlainMime);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlMime);
    }
}
