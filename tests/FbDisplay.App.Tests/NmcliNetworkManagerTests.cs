using FbDisplay.Core.Text;
using FbDisplay.Services.Interop;
using FbDisplay.Ui.Settings;

namespace FbDisplay.App.Tests;

/// <summary>
/// What the network page makes of nmcli's answers (NetworkManager 1.42, Debian 12, as seen in the appliance image's
/// Wi-Fi test): the leased address with DHCP, the configured one when static, and a refused password.
/// </summary>
public class NmcliNetworkManagerTests
{
    [Test]
    public void With_DHCP_the_address_is_the_leased_one_not_the_empty_configured_one()
    {
        const string output = "ipv4.method:auto\nipv4.addresses:\nipv4.gateway:--\nipv4.dns:\n" +
            "IP4.ADDRESS[1]:192.168.77.117/24\nIP4.GATEWAY:192.168.77.1\nIP4.DNS[1]:192.168.77.1\nIP4.DNS[2]:192.168.77.2\n";

        Assert.That(NmcliNetworkManager.ParseAddress(output), Is.EqualTo(new AddressSettings(true, "192.168.77.117/24", "192.168.77.1", "192.168.77.1")));
    }

    [Test]
    public void A_static_address_is_the_configured_one()
    {
        const string output = "ipv4.method:manual\nipv4.addresses:192.168.77.60/24\nipv4.gateway:192.168.77.1\nipv4.dns:9.9.9.9,8.8.8.8\n" +
            "IP4.ADDRESS[1]:192.168.77.60/24\nIP4.GATEWAY:192.168.77.1\n";

        Assert.That(NmcliNetworkManager.ParseAddress(output), Is.EqualTo(new AddressSettings(false, "192.168.77.60/24", "192.168.77.1", "9.9.9.9")));
    }

    [Test]
    public void DHCP_without_a_lease_yet_gives_empty_fields()
    {
        Assert.That(NmcliNetworkManager.ParseAddress("ipv4.method:auto\nipv4.addresses:\n"), Is.EqualTo(new AddressSettings(true)));
    }

    [Test]
    public void A_refused_password_is_told_apart_from_other_failures()
    {
        NetworkResult wrong = NmcliNetworkManager.ExplainConnect(4, "Error: Connection activation failed: Secrets were required, but not provided.\n");
        NetworkResult gone = NmcliNetworkManager.ExplainConnect(10, "Error: No network with SSID 'fbd-test' found.\n");

        Assert.Multiple(() =>
        {
            Assert.That(wrong.Ok, Is.False);
            Assert.That(wrong.Failure, Is.EqualTo(NetworkFailure.WrongPassword));
            Assert.That(gone.Failure, Is.EqualTo(NetworkFailure.Other));
            Assert.That(gone.Message, Is.EqualTo("Error: No network with SSID 'fbd-test' found."));
        });
    }

    [Test]
    public void Without_nmcli_the_page_says_so_in_the_displays_language_and_nmclis_own_words_stay_as_they_are()
    {
        NetworkResult missing = NmcliNetworkManager.ExplainConnect(HostCommandResult.NotInstalled, "");
        NetworkResult gone = NmcliNetworkManager.ExplainConnect(10, "Error: No network with SSID 'fbd-test' found.\n");
        Assert.Multiple(() =>
        {
            Assert.That(missing.Message, Is.EqualTo(NmcliNetworkManager.MissingMessage));
            Assert.That(missing.In(DisplayLanguage.German), Is.EqualTo("nmcli fehlt: WLAN und Adresse brauchen NetworkManager."));
            Assert.That(gone.In(DisplayLanguage.German), Is.EqualTo("Error: No network with SSID 'fbd-test' found."));
            Assert.That(NetworkResult.Done(Say.Of(Tx.NetworkStaticSet, "192.168.1.72/24")).In(DisplayLanguage.French), Is.EqualTo("Adresse fixe 192.168.1.72/24."));
        });
    }
}
