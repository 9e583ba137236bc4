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
        Formatter.Register<GenericChart>(
            (chart, writer) => writer.Write(ChartHtml.Render(chart)), HtmlMime);
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlMime);

        RegisterHtmlAndText<IFieldTable>(Html.Table, Html.PlainTable);

        // The Diffie-Hellman types have no table of their own in the core: DhTables chooses
        // what the lesson shows.
        RegisterTable<DhGroup>(DhTables.Of);
        RegisterTable<DhKeyPair>(DhTables.Of);
        RegisterTable<DhSharedSecret>(DhTables.Of);

        RegisterHtmlAndText<RowTable>(table => table.ToHtml(), table => table.ToString());
        Formatter.SetPreferredMimeTypesFor(typeof(RowTable), HtmlMime);

        RegisterHtmlAndText<ReadyBanner>(
            banner => Html.Encode(banner.ToString()), banner => banner.ToString());
        RegisterHtmlAndText<ExerciseResult>(result => result.ToHtml(), result => result.ToString());

        X509Formatters.Register();
    }

    private static void RegisterHtmlAndText<T>(Func<T, string> html, Func<T, string> text)
    {
        Formatter.Register<T>((value, writer) => writer.Write(html(value)), HtmlMime);
        Formatter.Register<T>((value, writer) => writer.Write(text(value)), PlainMime);
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
