using System.Diagnostics;
using System.Text;
using TlsNotebooks.Http;
using TlsNotebooks.Relay;

namespace TlsNotebooks.Tests.Relay;

/// <summary>
/// The framework's HTTP for the demos: forms decode as a browser encodes them, and the
/// client puts nothing on the wire beyond the request itself, even while tracing listens.
/// </summary>
public class LoopbackHttpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("user=bob&password=tr0ub4dor%263+horse", "password", "tr0ub4dor&3 horse")]
    [InlineData("user=bob&password=tr0ub4dor%263+horse", "user", "bob")]
    [InlineData("a=1&a=2", "a", "2")]
    [InlineData("greeting=gr%C3%BC%C3%9F+dich", "greeting", "grüß dich")]
    [InlineData("remember&user=x", "remember", "")]
    [InlineData("empty=", "empty", "")]
    public void Form_fields_decode_as_a_browser_encodes_them(string form, string name,
        string value)
    {
        Assert.Equal(value, LoopbackHttpServer.ParseForm(form)[name]);
    }

    [Fact]
    public void An_empty_form_has_no_fields()
    {
        Assert.Empty(LoopbackHttpServer.ParseForm(string.Empty));
    }

    [Fact]
    public void The_client_sends_no_tracing_header_while_tracing_listens()
    {
        // A notebook kernel listens to the runtime's activities; HttpClient would then add a
        // "traceparent" line to every request, which is not part of the lesson.
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("tlsnb-test");
        using var activity = source.StartActivity("login");
        Assert.NotNull(activity);
        using var server = LoopbackHttpServer.Start(r => new HttpReply(200, "welcome"));
        using var relay = OnPathRelay.Start(server.Port);
        using var client = LoopbackHttpClient.Create(relay.Port);

        client.PostForm("/login", ("user", "alice"), ("password", "hunter2"));

        Assert.True(relay.WaitForClosed(1, Patience));
        var request = Encoding.ASCII.GetString(relay.Captured(RelayDirection.ClientToServer));
        var headers = request[..request.IndexOf("\r\n\r\n")].Split("\r\n")[1..]
            .Select(h => h[..h.IndexOf(':')].ToLowerInvariant()).Order().ToList();
        Assert.Equal(["connection", "content-length", "content-type", "host"], headers);
        Assert.EndsWith("\r\n\r\nuser=alice&password=hunter2", request);
    }
}
