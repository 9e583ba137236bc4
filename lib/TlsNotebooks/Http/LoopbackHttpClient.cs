using System.Net;

namespace TlsNotebooks.Http;

/// <summary>
/// The framework's <see cref="HttpClient"/>, set up for loopback demonstrations: no proxy
/// from the environment (the request must go through our relay, not around it), one TCP
/// connection per request ("Connection: close"), so each exchange shows up on its own, and no
/// distributed-tracing header (a "traceparent" line the runtime adds when some tracing is
/// listening, as a notebook kernel's is), so a capture shows only the request itself.
/// </summary>
public static class LoopbackHttpClient
{
    /// <summary>A client whose relative URIs go to http://127.0.0.1:port/.</summary>
    public static HttpClient Create(int port, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ActivityHeadersPropagator = null,
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        client.DefaultRequestHeaders.ConnectionClose = true;
        return client;
    }

    /// <summary>
    /// POSTs an HTML form (application/x-www-form-urlencoded); returns the body.
    /// </summary>
    public static string PostForm(this HttpClient client, string path,
        params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        using var response = client.PostAsync(path, content).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return response.StatusCode == HttpStatusCode.OK
            ? body
            : $"{(int)response.StatusCode} {response.ReasonPhrase}: {body}";
    }
}
