using Microsoft.Extensions.Configuration;

namespace Porch.Hosting;

/// <summary>
/// An in-memory configuration whose data can be replaced at run time. Kestrel reads its endpoints from it with
/// <c>reloadOnChange</c>, so on reload it binds added listeners and unbinds removed ones while unchanged listeners
/// and their open connections stay untouched.
/// </summary>
internal sealed class ReloadableConfigurationSource : IConfigurationSource
{
    private readonly Provider provider = new();

    public IConfigurationProvider Build(IConfigurationBuilder builder) => provider;

    public void Replace(IDictionary<string, string?> data) => provider.Replace(data);

    private sealed class Provider : ConfigurationProvider
    {
        public void Replace(IDictionary<string, string?> data)
        {
            Data = new Dictionary<string, string?>(data, StringComparer.OrdinalIgnoreCase);
            OnReload();
        }
    }
}
