namespace Envelope.Crypto;

/// <summary>The exception thrown when <c>.env</c> text does not follow the dialect described in <c>docs/encryption.md</c>.</summary>
/// <remarks>Messages name the line and, where known, the variable, but never quote a value.</remarks>
public sealed class DotEnvFormatException : FormatException
{
    /// <summary>Initializes a new instance with a default message and no line.</summary>
    public DotEnvFormatException()
        : base("The .env text is not valid.")
    {
    }

    /// <summary>Initializes a new instance with the given message and no line.</summary>
    /// <param name="message">The message that describes the error.</param>
    public DotEnvFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with the given message and inner exception, and no line.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DotEnvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for an error on the given line.</summary>
    /// <param name="line">The 1-based line number.</param>
    /// <param name="reason">What is wrong, without the line number; the message becomes <c>Line {line}: {reason}</c>.</param>
    public DotEnvFormatException(int line, string reason)
        : base($"Line {line}: {reason}")
    {
        Line = line;
    }

    /// <summary>The 1-based line on which the error was found, or 0 when it is not tied to a line.</summary>
    public int Line { get; }
}
