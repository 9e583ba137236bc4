using System.Net;
using TlsNotebooks.Http;

namespace TlsNotebooks.Notebook.WhyTls;

/// <summary>One transfer as the bank booked it.</summary>
public sealed record Booking(string From, string To, int Amount)
{
    public override string ToString() => $"{From} -> {To}: {Amount} EUR";
}

/// <summary>
/// A tiny online bank over plain HTTP on 127.0.0.1, on the framework's HttpListener:
/// POST /login with user and password, POST /transfer with to and amount. It believes
/// whatever arrives - it has no way to know what the client really sent.
/// </summary>
public sealed class DemoBank : IDisposable
{
    /// <summary>The one customer and her password.</summary>
    public const string User = "alice";

    public const string Password = "correct horse battery staple";

    private readonly LoopbackHttpServer _server;
    private readonly List<Booking> _bookings = new();

    private DemoBank()
    {
        _server = LoopbackHttpServer.Start(Answer);
    }

    public static DemoBank Start() => new();

    public int Port => _server.Port;

    /// <summary>The transfers the bank booked, as it understood them.</summary>
    public IReadOnlyList<Booking> Bookings
    {
        get
        {
            lock (_bookings)
            {
                return _bookings.ToList();
            }
        }
    }

    public void Dispose() => _server.Dispose();

    /// <summary>An account page, long enough to look at byte statistics of.</summary>
    public static string AccountPage(string user)
    {
        var rows = string.Join("\n", Enumerable.Range(1, 24).Select(i =>
            $"    <tr><td>2026-11-{i:00}</td><td>Card payment, shop no. {i * 7 % 23}</td>"
            + $"<td>-{i * 13 % 97}.{i * 31 % 100:00} EUR</td></tr>"));
        return $"""
            <!doctype html>
            <html><head><title>Your account</title></head>
            <body>
              <h1>Welcome, {WebUtility.HtmlEncode(user)}</h1>
              <p>Balance: 1,234.56 EUR</p>
              <table>
            {rows}
              </table>
            </body></html>
            """;
    }

    private HttpReply Answer(HttpRequestSeen request)
    {
        var form = request.Form;
        switch (request.Path)
        {
            case "/login" when form.GetValueOrDefault("user") == User
                && form.GetValueOrDefault("password") == Password:
                return new HttpReply(200, AccountPage(User), "text/html");
            case "/login":
                return new HttpReply(403, "wrong user or password");
            case "/transfer" when int.TryParse(form.GetValueOrDefault("amount"), out var amount):
                var to = form.GetValueOrDefault("to") ?? "?";
                lock (_bookings)
                {
                    _bookings.Add(new Booking(User, to, amount));
                }

                return new HttpReply(200, $"Sent {amount} EUR to {to}.");
            default:
                return new HttpReply(404, "no such page");
        }
    }
}
