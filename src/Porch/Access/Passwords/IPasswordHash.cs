namespace Porch.Access.Passwords;

/// <summary>One stored password hash, parsed once; checks a candidate password in constant time.</summary>
internal interface IPasswordHash
{
    bool Verify(string password);
}
