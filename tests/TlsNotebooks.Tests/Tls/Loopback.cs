using System.Net;
using System.Net.Sockets;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// A one-connection TCP listener on 127.0.0.1 whose accepted stream is handed to a callback
/// on a background task. Dispose stops the listener; the task is awaited with a timeout.
/// </summary>
internal sealed class Loopback<T> : IDisposable
{
    private readonly TcpListener _listener;

    public Loopback(Func<NetworkStream, T> serve)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Result = Task.Run(() =>
        {
            using var tcp = _listener.AcceptTcpClient();
            tcp.NoDelay = true;
            using var stream = tcp.GetStream();
            try
            {
                return serve(stream);
            }
            catch (Exception)
            {
                Linger(tcp);
                throw;
            }
        });
    }

    public int Port { get; }

    public Task<T> Result { get; }

    /// <summary>
    /// The callback's result, or its exception; fails the test after the timeout.
    /// </summary>
    public T Wait(int seconds = 20)
    {
        if (!Result.Wait(TimeSpan.FromSeconds(seconds)))
        {
            throw new TimeoutException("the loopback side did not finish");
        }

        return Result.Result;
    }

    /// <summary>The exception the callback ended with (unwrapped), or null.</summary>
    public Exception? WaitForException(int seconds = 20)
    {
        try
        {
            Wait(seconds);
            return null;
        }
        catch (AggregateException e)
        {
            return e.InnerException;
        }
    }

    public void Dispose() => _listener.Stop();

    /// <summary>
    /// After a fatal alert, half-close and read until the peer closes (at most a second), as
    /// a polite server does: closing at once with unread bytes makes TCP send a reset, which
    /// can destroy the alert before the peer reads it.
    /// </summary>
    private static void Linger(TcpClient tcp)
    {
        try
        {
            tcp.Client.Shutdown(SocketShutdown.Send);
            tcp.Client.ReceiveTimeout = 1000;
            var buffer = new byte[4096];
            while (tcp.Client.Receive(buffer) > 0)
            {
            }
        }
        catch (SocketException)
        {
        }
    }
}
