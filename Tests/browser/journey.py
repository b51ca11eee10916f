"""The browser journey of issue 15, in headless Chromium driven by Selenium.

sign up -> read the demo bill -> compare v2 and v3 -> propose an amendment with a preview -> two
other accounts support it -> it crosses the bill's rule -> the rapporteur sees it in the queue,
gives an opinion, opens the liasse -> staff see a reported comment in the moderation inbox and
hide it. With JavaScript on, axe-core checks every page visited against WCAG 2.1 A/AA, then the
same pages again in English; with --no-js the journey runs with JavaScript disabled (the pages
need none). A screenshot of each page goes to --screenshots.

Usage: journey.py --base-url http://127.0.0.1:PORT --screenshots DIR --prefix NAME [--no-js]
The staff account `greffe` and the rapporteur `rapporteure` (password "un mot de passe") exist.
"""

import argparse
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

PASSWORD = "un mot de passe"
SLUG = "republique-numerique"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script():
    """axe-core 4's script. axe-selenium-python bundles axe-core 3.1.1, which predates the WCAG 2.1
    rules; the Makefile installs axe-playwright-python without its dependencies only for the
    axe-core 4 script it carries, which axe-selenium-python injects in its place."""
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("axe-playwright-python (for axe-core 4's script) is not installed: run `make test`")
    return os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")


class Journey:
    def __init__(self, base, screenshots, prefix, javascript):
        self.base = base.rstrip("/")
        self.screenshots = screenshots
        self.prefix = prefix
        self.javascript = javascript
        self.count = 0
        self.violations = []
        self.checked = []
        options = webdriver.ChromeOptions()
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600",
                         "--lang=fr-FR", "--disable-dev-shm-usage"):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {
            "intl.accept_languages": "fr-FR,fr",
            "profile.managed_default_content_settings.javascript": 1 if javascript else 2,
        })
        binary = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        if os.path.exists(binary):
            options.binary_location = binary
        service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.set_page_load_timeout(60)

    # -- helpers ---------------------------------------------------------------------------

    def open(self, path):
        self.driver.get(self.base + path)
        self.page(path)

    def page(self, name):
        """Screenshot and accessibility check of the page now shown."""
        self.count += 1
        label = "".join(c if c.isalnum() else "-" for c in name.strip("/"))[:60] or "home"
        height = self.driver.execute_script("return document.body.scrollHeight") if self.javascript else 1600
        self.driver.set_window_size(1280, max(800, min(int(height or 1600) + 40, 8000)))
        self.driver.save_screenshot(os.path.join(self.screenshots, f"{self.prefix}-{self.count:02d}-{label}.png"))
        if self.javascript:
            self.axe(name)

    def axe(self, name):
        from axe_selenium_python import Axe
        axe = Axe(self.driver, script_url=axe_script())
        axe.inject()
        results = axe.run(options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        url = self.driver.current_url
        self.checked.append(url)
        for violation in results["violations"]:
            targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
            self.violations.append(f"{url}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}")

    def axe_sees_a_known_violation(self):
        """axe-core must flag a page built to fail (an image without text, a field without a label,
        no language), or a count of 0 violations would prove nothing."""
        from axe_selenium_python import Axe
        self.driver.get("data:text/html,<html><body><img src='x.png'><input type='text'></body></html>")
        axe = Axe(self.driver, script_url=axe_script())
        axe.inject()
        found = {v["id"] for v in axe.run(options={"runOnly": {"type": "tag", "values": AXE_TAGS}})["violations"]}
        expected = {"image-alt", "label", "html-has-lang"}
        if not expected <= found:
            raise AssertionError(f"axe-core did not flag a broken page: found {sorted(found)}")

    def find(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def fill(self, selector, text):
        field = self.find(selector)
        field.clear()
        field.send_keys(text)

    def submit(self, selector):
        self.find(selector).click()
        self.page(self.driver.current_url.replace(self.base, ""))

    def expect(self, text, where=None):
        source = self.driver.page_source
        if text not in source:
            raise AssertionError(f"expected {text!r} on {where or self.driver.current_url}")

    def sign_up(self, handle):
        self.driver.delete_all_cookies()
        self.open("/signup")
        self.fill("#handle", handle)
        self.fill("#password", PASSWORD + " sûr")
        self.fill("#confirmation", PASSWORD + " sûr")
        self.submit("form[action='/signup'] button[type=submit]")
        self.expect(handle)

    def sign_in(self, handle):
        self.driver.delete_all_cookies()
        self.open("/login")
        self.fill("#handle", handle)
        self.fill("#password", PASSWORD)
        self.submit("form[action='/login'] button[type=submit]")
        self.expect(handle)

    # -- the journey -----------------------------------------------------------------------

    def run(self):
        tag = self.prefix
        # Staff set the bill's rule (two supports) and assign the rapporteur.
        self.sign_in("greffe")
        self.open("/staff")
        self.open(f"/staff/bills/{SLUG}")
        self.fill("#minimumSupports", "2")
        Select(self.find("#evaluation")).select_by_value("continuous")
        self.submit("form[action$='/rule'] button[value=save]")
        self.expect("Enregistré.")
        self.fill("#handles", "rapporteure")
        self.submit("form[action$='/rapporteurs'] button[type=submit]")

        # A citizen signs up, reads the bill, compares two versions.
        citizen = f"{tag}-autrice"
        self.sign_up(citizen)
        self.open("/")
        self.find(f"a[href='/bills/{SLUG}']").click()
        self.page(f"/bills/{SLUG}")
        self.expect("Structure du texte")
        Select(self.find("#from")).select_by_value("v2")
        Select(self.find("#to")).select_by_value("v3")
        self.submit(f"form[action='/bills/{SLUG}/compare'] button[type=submit]")
        self.expect("Tableau comparatif v2 → v3")

        # ... reads article 7 and proposes an amendment, previewing it first.
        self.open(f"/bills/{SLUG}/articles/7")
        self.expect("Texte de l’article")
        self.find(f"a[href^='/bills/{SLUG}/amendments/new']").click()
        self.page("/propose")
        text = self.find("#text").get_attribute("value")
        if "cinq ans" not in text:
            raise AssertionError("the article's text is not prefilled")
        self.fill("#text", text.replace("tous les cinq ans", "tous les trois ans"))
        self.fill("#title", f"Réviser la liste des licences tous les trois ans ({tag})")
        self.fill("#summary", "Cinq ans, c’est trop long pour suivre l’évolution des licences libres.")
        self.submit("button[value=preview]")
        self.expect("Aperçu de la modification")
        self.expect("<ins>")
        self.submit("button[value=submit]")
        self.expect("Amendement n°")
        amendment = self.driver.current_url.split("/amendments/")[1].split("?")[0].split("#")[0]
        path = f"/bills/{SLUG}/amendments/{amendment}"
        self.open(path + "?view=table")

        # Two other accounts support it; the second support crosses the rule.
        for index in (1, 2):
            self.sign_up(f"{tag}-soutien-{index}")
            self.open(path)
            self.submit("form.vote-buttons button[value=for]")
            self.expect('aria-pressed="true"')
        deadline = time.time() + 20
        while "retenu pour examen" not in self.driver.page_source and time.time() < deadline:
            time.sleep(1)
            self.driver.get(self.base + path)
        self.page(path)
        self.expect("retenu pour examen")
        # The second supporter comments; the first reports the comment.
        self.fill("#comment-body", "Trois ans, c’est encore trop long : pourquoi pas chaque année ?")
        self.submit("form.comment-form button[type=submit]")
        self.sign_in_as_signed_up(f"{tag}-soutien-1")
        self.open(path)
        self.find("li.comment details:nth-of-type(2) summary").click()
        self.fill("li.comment details:nth-of-type(2) textarea", "Message répété, hors sujet")
        self.submit("li.comment details:nth-of-type(2) button[type=submit]")
        self.expect("votre signalement a été transmis")

        # The rapporteur sees it in the queue, gives an opinion, opens the liasse.
        self.sign_in("rapporteure")
        self.open(f"/bills/{SLUG}/queue")
        self.expect(f"({tag})")
        Select(self.find(f"#opinion-{amendment}")).select_by_value("favorable")
        self.fill(f"#opinion-comment-{amendment}", "Avis favorable : la révision plus fréquente est utile.")
        self.submit(f"form[action$='/queue/{amendment}/opinion'] button[type=submit]")
        self.expect("Avis favorable : la révision plus fréquente est utile.")
        self.find("a[href*='format=liasse']").click()
        self.page("/liasse")
        self.expect("AMENDEMENT N°")

        # Staff see the reported comment in the moderation inbox and hide it.
        self.sign_in("greffe")
        self.open("/staff/moderation")
        self.expect("pourquoi pas chaque année")
        self.expect("Message répété, hors sujet")
        article = self.driver.find_elements(By.CSS_SELECTOR, "article.card")[0]
        article.find_element(By.CSS_SELECTOR, "input[name=reason]").send_keys("Signalé et répété : masqué.")
        article.find_element(By.CSS_SELECTOR, "button[value=true]").click()
        self.page("/staff/moderation")
        self.open(path)
        self.expect("Commentaire masqué par la modération.")
        self.open("/account")
        return path

    def sign_in_as_signed_up(self, handle):
        self.driver.delete_all_cookies()
        self.open("/login")
        self.fill("#handle", handle)
        self.fill("#password", PASSWORD + " sûr")
        self.submit("form[action='/login'] button[type=submit]")
        self.expect(handle)

    def english(self, amendment_path):
        """The same pages in English, for axe-core."""
        self.sign_in("greffe")
        self.open("/?lang=en")
        self.expect('<html lang="en">')
        for path in (f"/bills/{SLUG}", f"/bills/{SLUG}/compare?from=v2&to=v3", f"/bills/{SLUG}/articles/7",
                     amendment_path, amendment_path + "?view=table", f"/bills/{SLUG}/amendments/new?article=7",
                     f"/bills/{SLUG}/queue", "/account", "/staff", f"/staff/bills/{SLUG}",
                     "/staff/moderation?state=all"):
            self.open(path)
            self.expect('<html lang="en">')
        self.driver.delete_all_cookies()
        for path in ("/?lang=en", "/login", "/signup"):
            self.open(path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--no-js", action="store_true")
    arguments = parser.parse_args()
    os.makedirs(arguments.screenshots, exist_ok=True)
    journey = Journey(arguments.base_url, arguments.screenshots, arguments.prefix, not arguments.no_js)
    try:
        if journey.javascript:
            journey.axe_sees_a_known_violation()
        path = journey.run()
        if journey.javascript:
            journey.english(path)
    except Exception as error:
        name = os.path.join(arguments.screenshots, f"{arguments.prefix}-failure.png")
        journey.driver.save_screenshot(name)
        import traceback
        traceback.print_exc(limit=4)
        print(f"journey ({arguments.prefix}) failed at {journey.driver.current_url}: {error} (screenshot {name})")
        journey.driver.quit()
        return 1
    journey.driver.quit()
    mode = "JavaScript on" if journey.javascript else "JavaScript off"
    print(f"journey ({arguments.prefix}, {mode}): passed, {journey.count} pages, screenshots in {arguments.screenshots}")
    if journey.javascript:
        print(f"axe-core: {len(journey.checked)} pages checked (WCAG 2.1 A/AA, French and English), "
              f"{len(journey.violations)} violations")
        for violation in journey.violations:
            print("  " + violation)
        if journey.violations:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
