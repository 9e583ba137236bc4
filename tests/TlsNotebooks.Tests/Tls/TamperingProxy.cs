using System.Net;
using System.Net.Sockets;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// A man in the middle on 127.0.0.1 that forwards records whole and flips one bit in the
/// first handshake record one side sends after its ChangeCipherSpec - its encrypted
/// Finished (the client's, unless told the server's). Used to show that tampering ends the
/// handshake with bad_record_mac.
/// </summary>
internal sealed class TamperingProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();

    public TamperingProxy(int targetPort, bool tamperServerFinished = false)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            using var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, targetPort, _stop.Token);
            var up = Pump(client.GetStream(), server.GetStream(), !tamperServerFinished);
            var down = Pump(server.GetStream(), client.GetStream(), tamperServerFinished);
            await Task.WhenAny(Task.WhenAll(up, down), Task.Delay(20_000, _stop.Token));
        });
    }

    public int Port { get; }

    public bool Tampered { get; private set; }

    private async Task Pump(NetworkStream from, NetworkStream to, bool tamper)
    {
        var afterChangeCipherSpec = false;
        try
        {
            while (true)
            {
                var header = new byte[5];
                await from.ReadExactlyAsync(header, _stop.Token);
                var body = new byte[(header[3] << 8) | header[4]];
                await from.ReadExactlyAsync(body, _stop.Token);
                if (tamper && afterChangeCipherSpec && header[0] == 22 && !Tampered)
                {
                    body[^1] ^= 0x01;
                    Tampered = true;
                }

                afterChangeCipherSpec |= header[0] == 20;
                await to.WriteAsync(header, _stop.Token);
                await to.WriteAsync(body, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException
            or OperationCanceledException or ObjectDisposedException)
        {
            to.Socket.Shutdown(SocketShutdown.Send);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
