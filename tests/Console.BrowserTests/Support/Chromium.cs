using System.Drawing;
using System.Globalization;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace CleanEventStore.Console.BrowserTests.Support;

/// <summary>
/// Headless Chromium driven by chromedriver (Debian's <c>chromium</c> and <c>chromium-driver</c>, which
/// <c>.ci/run</c> installs): one browser per test class. Waits are conditions with a generous deadline, never sleeps.
/// With <c>CES_SCREENSHOTS</c> set (a folder, relative to the repository), <see cref="Screenshot"/> writes PNGs there.
/// </summary>
public sealed class Chromium : IDisposable
{
    /// <summary>How long a condition may take on a loaded 2-core machine before the test fails.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    public const int DesktopWidth = 1280;
    public const int PhoneWidth = 375;

    private readonly ChromeDriver _driver;

    public Chromium()
    {
        var options = new ChromeOptions { BinaryLocation = Setting("CES_CHROMIUM", "/usr/bin/chromium") };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
            "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US", $"--window-size={DesktopWidth},900");
        var driverPath = Setting("CES_CHROMEDRIVER", "/usr/bin/chromedriver");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        _driver = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
        _driver.Manage().Timeouts().PageLoad = TimeSpan.FromMinutes(1);
    }

    public IWebDriver Driver => _driver;

    /// <summary>Sets the window so that its viewport (what media queries see) is <paramref name="width"/> wide.</summary>
    public void Resize(int width, int height = 900)
    {
        _driver.Manage().Window.Size = new Size(width, height);
        var inner = Convert.ToInt32(Script("return window.innerWidth;"), CultureInfo.InvariantCulture);
        if (inner != width)
        {
            _driver.Manage().Window.Size = new Size(width + (width - inner), height);
        }
    }

    public void Open(Uri url) => _driver.Navigate().GoToUrl(url);

    public object? Script(string script, params object[] arguments) => _driver.ExecuteScript(script, arguments);

    /// <summary>Waits until <paramref name="condition"/> returns a non-null, non-false value (stale elements are retried).</summary>
    public T Until<T>(Func<IWebDriver, T> condition, string what)
    {
        var wait = new WebDriverWait(_driver, Deadline) { PollingInterval = TimeSpan.FromMilliseconds(100), Message = what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        try
        {
            return wait.Until(condition);
        }
        catch (WebDriverTimeoutException exception)
        {
            // What the page showed, for the failure's message: its text, and a screenshot in the temp folder.
            var file = Path.Combine(Path.GetTempPath(), $"ces-console-failure-{Guid.NewGuid():N}.png");
            _driver.GetScreenshot().SaveAsFile(file);
            var text = _driver.FindElement(By.TagName("main")).Text;
            throw new WebDriverTimeoutException($"{exception.Message}. The page ({_driver.Url}, screenshot {file}) showed: {text[..Math.Min(text.Length, 1500)]}", exception);
        }
    }

    public IWebElement Element(string css) => Until(driver => driver.FindElement(By.CssSelector(css)), $"an element {css}");

    /// <summary>Waits until the element <paramref name="css"/> shows a text containing <paramref name="text"/>, and returns that text.</summary>
    public string TextOf(string css, string text) =>
        Until(driver => driver.FindElement(By.CssSelector(css)).Text is { } shown && shown.Contains(text, StringComparison.Ordinal) ? shown : null,
            $"{css} to show \"{text}\"")!;

    public IReadOnlyList<IWebElement> All(string css) => _driver.FindElements(By.CssSelector(css));

    /// <summary>Whether the page is wider than the window (a horizontal scroll bar of the page itself).</summary>
    public bool OverflowsHorizontally() =>
        (bool)Script("return document.documentElement.scrollWidth > window.innerWidth || document.body.scrollWidth > window.innerWidth;")!;

    /// <summary>With <c>CES_SCREENSHOTS</c> set, writes the viewport as <c>&lt;name&gt;-&lt;width&gt;.png</c> into that folder.</summary>
    public void Screenshot(string name)
    {
        var folder = Environment.GetEnvironmentVariable("CES_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        var directory = Path.IsPathRooted(folder) ? folder : Path.Combine(RepositoryRoot(), folder);
        Directory.CreateDirectory(directory);
        var width = Convert.ToInt32(Script("return window.innerWidth;"), CultureInfo.InvariantCulture);
        _driver.GetScreenshot().SaveAsFile(Path.Combine(directory, $"{name}-{(width <= 400 ? PhoneWidth : DesktopWidth)}.png"));
    }

    public void Dispose() => _driver.Quit();

    private static string Setting(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CleanEventStore.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
