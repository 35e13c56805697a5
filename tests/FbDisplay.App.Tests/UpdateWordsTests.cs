using FbDisplay.Core.Text;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// The last update's outcome survives a restart as an English sentence in update-message (written by the app, by the
/// ExecStartPre guard, or by an older version): the screen reads the known shapes back in the display's language and
/// shows any other sentence as it was written.
/// </summary>
public class UpdateWordsTests
{
    [TestCase("Update to 0.4.0 failed (it restarted 3 times); rolled back to 0.3.0.", "Update to 0.4.0 failed; rolled back to 0.3.0", "Update auf 0.4.0 fehlgeschlagen; zurück auf 0.3.0")]
    [TestCase("Update to 0.4.0 failed (it was not healthy within 10 minutes); rolled back to 0.3.0.", "Update to 0.4.0 failed; rolled back to 0.3.0", "Update auf 0.4.0 fehlgeschlagen; zurück auf 0.3.0")]
    [TestCase("Update to 0.4.0 failed (it restarted 3 times), and 0.3.0 is no longer installed: cannot roll back.", "Update to 0.4.0 failed; 0.3.0 gone, no rollback", "Update 0.4.0 gescheitert, 0.3.0 fehlt (Journal)")]
    [TestCase("Updated from 0.3.0 to 0.4.0.", "Updated from 0.3.0 to 0.4.0.", "Aktualisiert von 0.3.0 auf 0.4.0.")]
    [TestCase("The update could not be fetched (network?). Nothing was installed.", "No update fetched (network?): nothing installed", "Kein Update geladen (Netzwerk?)")]
    [TestCase("Something an older version wrote.", "Something an older version wrote.", "Something an older version wrote.")]
    [TestCase("Update to 0.4.0 failed (odd), and then more.", "Update to 0.4.0 failed (odd), and then more.", "Update to 0.4.0 failed (odd), and then more.")]
    public void Known_sentences_are_read_back_in_the_displays_language(string stored, string english, string german)
    {
        Say words = UpdateWords.Read(stored + "\n");
        Assert.Multiple(() =>
        {
            Assert.That(words.English, Is.EqualTo(english));
            Assert.That(words.In(DisplayLanguage.German), Is.EqualTo(german));
        });
    }

    [Test]
    public void The_guards_own_sentence_is_one_of_the_known_shapes()
    {
        // image/pi/fbdisplay-guard.sh writes the rollback sentence itself when the new version never became healthy.
        string guard = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "image", "pi", "fbdisplay-guard.sh"));
        Assert.That(guard, Does.Contain("message=\"Update to $to failed ($reason); rolled back to $from.\""));
        Assert.That(guard, Does.Contain("reason=\"it was not healthy within $(( deadline / 60 )) minutes\""));
        Assert.That(UpdateWords.Read("Update to 0.4.0 failed (it was not healthy within 10 minutes); rolled back to 0.3.0.").Row, Is.SameAs(Tx.UpdateRolledBack));
    }
}
