namespace Porch.Access;

/// <summary>What <see cref="AccessGate.Screen"/> found from the client's address alone.</summary>
internal enum AddressScreen
{
    Pass,

    /// <summary>On the deny list, or missing from a non-empty allow list.</summary>
    Listed,

    /// <summary>The address's token bucket is empty.</summary>
    RateLimited,
}
