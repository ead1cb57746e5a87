using System.CommandLine;
using Porch.Configuration;

namespace Porch.Cli;

/// <summary>--acme-ca, --acme-ca-trust, --acme-email: the command-line form of porch.json's <c>acme</c> object.</summary>
internal sealed class AcmeOptions
{
    public Option<string?> Ca { get; } = new("--acme-ca")
    {
        Description = "ACME directory URL, or \"staging\" for Let's Encrypt's staging CA (default: Let's Encrypt)",
    };

    public Option<FileInfo?> CaTrust { get; } = new("--acme-ca-trust")
    {
        Description = "PEM file of the root that signs a private ACME server's HTTPS certificate (e.g. pebble's)",
    };

    public Option<string?> Email { get; } = new("--acme-email")
    {
        Description = "Contact e-mail for the ACME account (the CA's expiry notices)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Ca);
        command.Options.Add(CaTrust);
        command.Options.Add(Email);
    }

    public AcmeConfig AcmeFor(ParseResult result) => new()
    {
        Ca = result.GetValue(Ca),
        CaTrust = result.GetValue(CaTrust)?.FullName,
        Email = result.GetValue(Email),
    };
}
