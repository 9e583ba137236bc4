namespace TlsNotebooks.Notebook.Exercises;

/// <summary>
/// A wrong answer in grading mode: the check cell fails, which is how graders (nbgrader and
/// <c>tlsnb grade</c>) learn that the exercise earns nothing. The message is the check's own
/// sentence and hint, never the answer.
/// </summary>
public sealed class ExerciseFailedException : Exception
{
    public ExerciseFailedException(ExerciseResult result)
        : base(result?.ToString())
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    /// <summary>The failing result.</summary>
    public ExerciseResult Result { get; }
}
