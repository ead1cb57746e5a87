namespace Porch.Access;

/// <summary>What a class of clients (local or remote) must do to use a site.</summary>
internal enum AccessMode
{
    /// <summary>Come in.</summary>
    Allow,

    /// <summary>Give a user name and password (Basic, only over TLS or from loopback).</summary>
    Password,

    /// <summary>Refused with a page that says how the owner can let them in.</summary>
    Deny,
}
