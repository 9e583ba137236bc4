using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace TlsNotebooks.Tools.Notebooks;

/// <summary>
/// The .NET Interactive kernel as a separate program, started as VS Code's Polyglot Notebooks
/// starts it (<c>dotnet-interactive stdio</c>) and spoken to in its own JSON protocol:
/// one command envelope per line in, one event envelope per line out.
/// </summary>
/// <remarks>
/// In stdio mode the kernel opens no network port at all (it does only with --http-port).
/// Running the real program, not a kernel hosted in this process, is the point: assembly
/// conflicts such as the FSharp.Core one only show up there.
/// </remarks>
public sealed class KernelProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentDictionary<string, Channel<JsonObject>> _listeners = new();
    private readonly Task _readLoop;
    private readonly StringWriterQueue _stderr = new();
    private int _nextToken;

    private KernelProcess(Process process)
    {
        _process = process;
        _readLoop = Task.Run(ReadEventsAsync);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Add(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>What the kernel wrote to standard error, last lines first to go.</summary>
    public string StandardError => _stderr.Text;

    /// <summary>Whether the kernel program is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>
    /// Starts the pinned kernel from the repository's tool manifest, with its working folder
    /// set to <paramref name="workingDirectory"/> (the notebook's folder, as Polyglot and
    /// Jupyter do, so relative #r paths resolve the same way).
    /// </summary>
    /// <remarks>
    /// <c>dotnet tool run</c> looks for the manifest from the folder it starts in, so it starts
    /// in the repository; the kernel then moves to the notebook's folder by itself.
    /// </remarks>
    public static KernelProcess Start(
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "tool", "run", "dotnet-interactive", "--",
            "stdio", "--default-kernel", "csharp", "--working-dir", workingDirectory,
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)
            ?? throw new InvalidOperationException(
                "Could not start 'dotnet tool run dotnet-interactive'.");
        return new KernelProcess(process);
    }

    /// <summary>
    /// Submits code to a kernel ("csharp", "fsharp", ...) and returns every event it caused,
    /// up to and including CommandSucceeded or CommandFailed.
    /// </summary>
    /// <exception cref="TimeoutException">The cell did not finish in time.</exception>
    public async Task<IReadOnlyList<JsonObject>> SubmitCodeAsync(
        string code,
        string targetKernel,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var token = "tlsnb-" + Interlocked.Increment(ref _nextToken);
        var channel = Channel.CreateUnbounded<JsonObject>();
        _listeners[token] = channel;
        try
        {
            var envelope = new JsonObject
            {
                ["token"] = token,
                ["commandType"] = "SubmitCode",
                ["command"] = new JsonObject
                {
                    ["code"] = code,
                    ["targetKernelName"] = targetKernel,
                },
            };
            await _process.StandardInput.WriteLineAsync(envelope.ToJsonString());
            await _process.StandardInput.FlushAsync(cancellationToken);

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var events = new List<JsonObject>();
            try
            {
                await foreach (var e in channel.Reader.ReadAllAsync(deadline.Token))
                {
                    events.Add(e);
                    var type = e["eventType"]?.GetValue<string>();
                    if ((type is "CommandSucceeded" or "CommandFailed") && TokenOf(e) == token)
                    {
                        return events;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The cell did not finish within {timeout.TotalSeconds:0} s.");
            }

            throw new InvalidOperationException(
                "The kernel program exited while the cell ran. Its standard error ended with:\n"
                + StandardError);
        }
        finally
        {
            _listeners.TryRemove(token, out _);
        }
    }

    private async Task ReadEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            // The kernel prints a welcome banner before the protocol starts; skip non-JSON.
            if (!line.StartsWith('{'))
            {
                continue;
            }

            JsonObject? e;
            try
            {
                e = JsonNode.Parse(line) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                continue;
            }

            if (e is null || TokenOf(e) is not { } token)
            {
                continue;
            }

            // Events of child commands carry tokens such as "tlsnb-3.1".
            var root = token.Split('.')[0];
            if (_listeners.TryGetValue(root, out var channel))
            {
                channel.Writer.TryWrite(e);
            }
        }

        foreach (var channel in _listeners.Values)
        {
            channel.Writer.TryComplete();
        }
    }

    private static string? TokenOf(JsonObject e) => e["command"]?["token"]?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }

            await _readLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // The reader ends when the pipe closes; a kernel that will not close it is killed
            // above.
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>The last lines of standard error, kept bounded.</summary>
    private sealed class StringWriterQueue
    {
        private const int MaxLines = 200;
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public void Add(string line)
        {
            _lines.Enqueue(line);
            while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
            {
            }
        }
    }
}
