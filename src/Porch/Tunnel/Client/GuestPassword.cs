using System.Security.Cryptography;

namespace Porch.Tunnel.Client;

/// <summary>
/// The password a share gets when its user chose no access rules: four groups of four characters from the tunnel
/// name alphabet (no 0/o, 1/l look-alikes), 80 bits, easy to read aloud and to type on a phone: <c>k3v9-q2xa-...</c>.
/// </summary>
internal static class GuestPassword
{
    public const string User = "guest";

    public const int Groups = 4;

    public const int GroupLength = 4;

    public static string Generate() =>
        string.Join('-', Enumerable.Range(0, Groups).Select(_ => RandomNumberGenerator.GetString(Wire.Tunnel.TunnelName.Alphabet, GroupLength)));
}
