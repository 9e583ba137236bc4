namespace TlsNotebooks.DiffieHellman.Attacks;

/// <summary>The discrete-logarithm attacks of the lesson, slowest first.</summary>
public enum DiscreteLogMethod
{
    /// <summary>Try g^0, g^1, g^2, ... until y appears: about n / 2 steps.</summary>
    BruteForce,

    /// <summary>Shanks' baby-step giant-step: about √n steps and √n stored values.</summary>
    BabyStepGiantStep,

    /// <summary>Pollard's rho: about √n steps and almost no memory.</summary>
    PollardRho,

    /// <summary>
    /// Pohlig-Hellman: one small logarithm per prime factor of the order of g, so the cost
    /// follows the largest prime factor, not the size of p.
    /// </summary>
    PohligHellman,
}
