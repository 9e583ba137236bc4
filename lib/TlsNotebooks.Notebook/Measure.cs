using System.Diagnostics;

namespace TlsNotebooks.Notebook;

/// <summary>Rough timings for a notebook: good to compare, not a benchmark.</summary>
public static class Measure
{
    /// <summary>
    /// Runs the action for a warm-up of half the budget (at least once), then repeatedly
    /// until about <paramref name="budget"/> has passed (at least three runs), and returns the
    /// mean time per run.
    /// </summary>
    /// <remarks>
    /// The warm-up matters: .NET first runs a method as quickly compiled code and replaces it
    /// with optimised code only after some calls, so the first runs can be several times slower.
    /// </remarks>
    public static TimeSpan PerCall(Action action, TimeSpan? budget = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        var limit = budget ?? TimeSpan.FromMilliseconds(300);
        var stopwatch = Stopwatch.StartNew();
        do
        {
            action();
        }
        while (stopwatch.Elapsed < limit / 2);

        var runs = 0;
        stopwatch.Restart();
        while (runs < 3 || stopwatch.Elapsed < limit)
        {
            action();
            runs++;
        }

        return stopwatch.Elapsed / runs;
    }
}
