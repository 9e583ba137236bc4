namespace TlsNotebooks.Notebook.Exercises;

/// <summary>
/// Whether the notebook runs under a grader. A grader decides by an error in a check cell, so
/// in grading mode a wrong answer throws <see cref="ExerciseFailedException"/> instead of
/// showing a box.
/// </summary>
/// <remarks>
/// nbgrader sets <c>NBGRADER_EXECUTION</c> to "autograde" (or "validate") in the kernel's
/// environment while it executes a submission, and scores a grade cell zero when it shows an
/// error and full points otherwise. <c>tlsnb grade</c> sets the same variable, so both graders
/// read the same outcome from the same notebook.
/// </remarks>
public static class Grading
{
    /// <summary>The environment variable nbgrader sets while it executes a submission.</summary>
    public const string EnvironmentVariable = "NBGRADER_EXECUTION";

    private static readonly AsyncLocal<bool?> s_override = new();

    /// <summary>True when <see cref="EnvironmentVariable"/> is "autograde" or "validate".</summary>
    public static bool IsActive =>
        s_override.Value
        ?? Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim().ToLowerInvariant()
            is "autograde" or "validate";

    /// <summary>Returns a passing result; in grading mode throws for a failing one.</summary>
    public static ExerciseResult Enforce(ExerciseResult result) =>
        result.Passed || !IsActive ? result : throw new ExerciseFailedException(result);

    /// <summary>Sets grading mode for the current async flow only (unit tests).</summary>
    internal static IDisposable Override(bool active)
    {
        var previous = s_override.Value;
        s_override.Value = active;
        return new Restore(() => s_override.Value = previous);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
