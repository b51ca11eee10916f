#!/usr/bin/env python3
"""Recount a Hemicycle bill's public participation ledger, trusting nothing but its files.

Usage: recount.py <clone-or-url>

<clone-or-url> is a git clone of the bill (``git clone http://host/git/<slug>.git``), any git
repository holding its ``participation`` branch, or the bill's address, which is fetched with
stock git. Needs Python 3.9+ and git; nothing else.

For each epoch (one commit of the ``participation`` branch, oldest first) it checks that:
- it follows the one before it (``Previous-Epoch:`` names its parent, numbers go up by one);
- each text's receipts make the tally ``totals.tsv`` gives, and the totals those of the message;
- no receipt appears twice (one per person and amendment, never the same on two amendments);
- the promotions and decisions published before it are still there, unchanged;
- each promotion it publishes is one its rule makes of the facts it records;
- every amendment the rule promotes on the recounted votes at the epoch's time is promoted by
  then (a continuous rule while participation is open; any rule at the close);
- each decision is on a promoted text.

It prints each discrepancy, then "N epochs, M amendments, K promotions: all match" (exit 0) or
the number of discrepancies (exit 1): the same lines as ``hemicycle recount``.
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import urllib.parse

VOTES = ("for", "against", "abstain")
KEYS = ("minimumSupports", "minimumShare", "requireNetSupport", "topPerArticle", "minimumAgeHours")


def git(repository, *arguments, data=None):
    return subprocess.run(
        ["git", "-C", repository, *arguments], input=data, check=True, capture_output=True
    ).stdout


class Blobs:
    """Reads blobs through one `git cat-file --batch`, each once."""

    def __init__(self, repository):
        self.process = subprocess.Popen(
            ["git", "-C", repository, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.cache = {}

    def read(self, oid):
        if oid not in self.cache:
            self.process.stdin.write(oid.encode() + b"\n")
            self.process.stdin.flush()
            header = self.process.stdout.readline().split()
            size = int(header[2])
            content = self.process.stdout.read(size)
            self.process.stdout.read(1)
            self.cache[oid] = content
        return self.cache[oid]


def trailer(message, key):
    text = message.strip("\n")
    block = text.rsplit("\n\n", 1)[-1] if "\n\n" in text else text
    for line in reversed(block.split("\n")):
        if line.startswith(key + ": "):
            return line[len(key) + 2:]
    return None


class Corrupt(Exception):
    pass


def rows(files, path, header):
    if path not in files:
        return []
    lines = files[path].split(b"\n")
    if lines[0].decode() != "\t".join(header):
        raise Corrupt(f"{path}:1: the first line is not the header `{' '.join(header)}`")
    result = []
    for number, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        fields = line.decode().split("\t")
        if len(fields) != len(header):
            raise Corrupt(f"{path}:{number}: the row has {len(fields)} fields where the header has {len(header)}")
        result.append(fields)
    return result


def integer(text):
    try:
        return int(text)
    except ValueError:
        raise Corrupt(f"`{text}` is not a whole number")


def read_epoch(files, message):
    def required(key):
        value = trailer(message, key)
        if value is None:
            raise Corrupt(f"the epoch's commit message has no `{key}:` line")
        return value

    head = required("Audit-Head").split(" ")
    epoch = {
        "number": integer(required("Epoch")),
        "at": integer(required("At")),
        "participants": integer(required("Participants")),
        "open": trailer(message, "Open") == "yes",
        "closing": trailer(message, "Closing") == "yes",
        "rule": files["rule.json"].decode().strip() if "rule.json" in files else None,
        "audit": head,
    }
    epoch["amendments"] = [
        {
            "number": integer(row[0]),
            "revision": row[1],
            "state": row[2],
            "proposed_at": integer(row[3]),
            "articles": [urllib.parse.unquote(label) for label in row[4].split(";")] if row[4] else [],
        }
        for row in rows(files, "amendments.tsv", ["amendment", "revision", "state", "proposed_at", "articles"])
    ]
    epoch["totals"] = [
        (integer(row[0]), row[1], (integer(row[2]), integer(row[3]), integer(row[4])))
        for row in rows(files, "totals.tsv", ["amendment", "revision", "for", "against", "abstain"])
    ]
    texts = []
    for path in sorted(files):
        if not (path.startswith("votes/") and path.endswith(".tsv")):
            continue
        name = path[len("votes/"):-len(".tsv")]
        number, dash, revision = name.partition("-")
        if not dash or not number.isdigit():
            raise Corrupt(f"{path}: a votes file is named <amendment>-<revision>.tsv")
        votes = []
        for row in rows(files, path, ["receipt", "vote"]):
            if row[1] not in VOTES:
                raise Corrupt(f"{path}: `{row[1]}` is not a vote (for, against or abstain)")
            votes.append((None if row[0] == "-" else row[0], row[1]))
        texts.append((int(number), revision, votes))
    texts.sort(key=lambda text: (text[0], text[1]))
    epoch["texts"] = texts
    epoch["promotions"] = [
        {
            "epoch": integer(row[0]),
            "number": integer(row[1]),
            "revision": row[2],
            "at": integer(row[3]),
            "tally": (integer(row[4]), integer(row[5]), integer(row[6])),
            "participants": integer(row[7]),
            "rank": integer(row[8]),
            "age_hours": integer(row[9]),
            "rule": row[10],
        }
        for row in rows(
            files,
            "promotions.tsv",
            ["epoch", "amendment", "revision", "promoted_at", "for", "against", "abstain", "participants", "rank",
             "age_hours", "rule"],
        )
    ]
    epoch["decisions"] = [
        (integer(row[0]), integer(row[1]), row[2], row[3], integer(row[4]))
        for row in rows(files, "decisions.tsv", ["epoch", "amendment", "revision", "decision", "decided_at"])
    ]
    totals = {}
    for key in ("Participants", "Amendments", "Votes", "Supports", "Against", "Abstentions", "Promotions",
                "Decisions"):
        value = trailer(message, key)
        if value is not None and value.lstrip("-").isdigit():
            totals[key] = int(value)
    return epoch, totals


def ledger(repository):
    tip = None
    for name in ("refs/heads/participation", "refs/remotes/origin/participation"):
        try:
            tip = git(repository, "rev-parse", "--verify", "--quiet", name + "^{commit}").decode().strip()
            break
        except subprocess.CalledProcessError:
            continue
    if not tip:
        sys.exit(f"recount.py: {repository} has no participation ledger (no `participation` branch)")
    blobs = Blobs(repository)
    epochs = []
    for commit in git(repository, "rev-list", "--first-parent", "--reverse", tip).decode().split():
        raw = git(repository, "cat-file", "commit", commit).decode()
        header, _, message = raw.partition("\n\n")
        parents = [line[len("parent "):] for line in header.split("\n") if line.startswith("parent ")]
        files = {}
        for line in git(repository, "ls-tree", "-r", "-z", commit).split(b"\0"):
            if not line:
                continue
            meta, path = line.split(b"\t", 1)
            kind, oid = meta.split(b" ")[1:3]
            if kind == b"blob":
                files[path.decode()] = blobs.read(oid.decode())
        try:
            epoch, totals = read_epoch(files, message)
        except Corrupt as error:
            sys.exit(f"recount.py: epoch {commit}: {error}")
        previous = trailer(message, "Previous-Epoch")
        epochs.append({
            "epoch": epoch, "commit": commit, "parent": parents[0] if parents else None,
            "previous": None if previous == "none" else previous, "totals": totals,
        })
    return epochs


# The rule, as Hemicycle's Legislation module evaluates it.

def criteria(rule):
    found = []
    if "minimumSupports" in rule:
        found.append(("minimumSupports", rule["minimumSupports"]))
    if "minimumShare" in rule:
        found.append(("minimumShare", rule["minimumShare"]))
    if rule.get("requireNetSupport") is True:
        found.append(("requireNetSupport", True))
    if "topPerArticle" in rule:
        found.append(("topPerArticle", rule["topPerArticle"]))
    if "minimumAgeHours" in rule:
        found.append(("minimumAgeHours", rule["minimumAgeHours"]))
    return found


def number_text(value):
    if isinstance(value, float) and value == int(value) and not isinstance(value, bool):
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


def percent(share):
    value = share * 100
    rounded = math.floor(value * 100 + 0.5) / 100 if value >= 0 else math.ceil(value * 100 - 0.5) / 100
    if rounded == math.floor(rounded):
        return f"{int(rounded)} %"
    text = repr(rounded)
    while text.endswith("0"):
        text = text[:-1]
    return text + " %"


def decide(rule, supports, against, articles, proposed_at, participants, rank, now):
    """(promoted, explanation) for one candidate, as PromotionRule.decision does."""
    results = []
    for key, threshold in criteria(rule):
        mark = lambda met: "✓" if met else "✗"
        if key == "minimumSupports":
            met = supports >= threshold
            results.append((met, f"{supports} supports {'≥' if met else '<'} {number_text(threshold)} {mark(met)}"))
        elif key == "minimumShare":
            value = 0 if participants == 0 else supports / participants
            met = participants > 0 and value >= threshold
            results.append((met, f"{supports} supports = {percent(value)} of {participants} participants "
                                 f"{'≥' if met else '<'} {percent(threshold)} {mark(met)}"))
        elif key == "requireNetSupport":
            met = supports > against
            results.append((met, f"{supports} supports {'>' if met else '≤'} {against} against {mark(met)}"))
        elif key == "topPerArticle":
            met = rank[0] <= threshold
            results.append((met, f"rank {rank[0]} on article {rank[1]} {'≤' if met else '>'} top "
                                 f"{number_text(threshold)} {mark(met)}"))
        elif key == "minimumAgeHours":
            age = max(0, now - proposed_at) // 3600
            met = now - proposed_at >= threshold * 3600
            results.append((met, f"proposed {age} h ago {'≥' if met else '<'} {number_text(threshold)} h {mark(met)}"))
    return all(met for met, _ in results), " · ".join(text for _, text in results)


def ranks(candidates):
    """Each candidate's worst rank over its articles: more supports, then fewer against, then number."""
    by_article = {}
    for candidate in candidates:
        for article in set(candidate["articles"]):
            by_article.setdefault(article, []).append(candidate)
    worst = {}
    for article in sorted(by_article):
        ordered = sorted(by_article[article], key=lambda c: (-c["supports"], c["against"], c["number"]))
        for index, candidate in enumerate(ordered):
            rank = index + 1
            current = worst.get(candidate["number"])
            if current is not None and current[0] >= rank:
                continue
            worst[candidate["number"]] = (rank, article)
    return worst


def read_rule(text):
    try:
        rule = json.loads(text)
    except (TypeError, ValueError):
        return None
    return rule if isinstance(rule, dict) and criteria(rule) else None


def tally(votes):
    counts = [0, 0, 0]
    for _, value in votes:
        counts[VOTES.index(value)] += 1
    return tuple(counts)


def words(counts):
    return f"{counts[0]} for, {counts[1]} against, {counts[2]} abstain"


def unpromoted(epoch):
    rule = read_rule(epoch["rule"]) if epoch["rule"] else None
    if rule is None:
        return []
    continuous = rule.get("evaluation", "continuous") == "continuous"
    if not ((continuous and epoch["open"]) or epoch["closing"]):
        return []
    recounted = {(number, revision): tally(votes) for number, revision, votes in epoch["texts"]}
    candidates = []
    for amendment in epoch["amendments"]:
        if amendment["state"] not in ("proposed", "promoted"):
            continue
        counts = recounted.get((amendment["number"], amendment["revision"]), (0, 0, 0))
        candidates.append({"number": amendment["number"], "supports": counts[0], "against": counts[1],
                           "articles": amendment["articles"], "proposed_at": amendment["proposed_at"]})
    ranked = ranks(candidates) if "topPerArticle" in rule else {}
    promoted = {(p["number"], p["revision"]) for p in epoch["promotions"]}
    current = {a["number"]: a["revision"] for a in epoch["amendments"]}
    found = []
    for candidate in candidates:
        rank = ranked.get(candidate["number"], (1, candidate["articles"][0] if candidate["articles"] else ""))
        met, _ = decide(rule, candidate["supports"], candidate["against"], candidate["articles"],
                        candidate["proposed_at"], epoch["participants"], rank, epoch["at"])
        if met and (candidate["number"], current.get(candidate["number"], "")) not in promoted:
            found.append(candidate["number"])
    return sorted(found)


def check(epochs):
    problems = []
    amendments = set()
    previous = None
    for index, recorded in enumerate(epochs):
        epoch = recorded["epoch"]
        name = f"epoch {epoch['number']} ({recorded['commit'][:12]})"
        note = lambda text: problems.append(f"{name}: {text}")
        amendments.update(a["number"] for a in epoch["amendments"])
        if epoch["number"] != index + 1:
            note(f"numbered {epoch['number']}, but it is epoch {index + 1} of the branch")
        before = previous["commit"] if previous else None
        if recorded["previous"] != before or recorded["parent"] != before:
            note(f"its message names {recorded['previous'] or 'none'} as the previous epoch, "
                 f"its parent is {recorded['parent'] or 'none'}")
        if previous and epoch["at"] < previous["epoch"]["at"]:
            note("taken before the epoch it follows")
        # Tallies.
        recounted = {}
        for number, revision, votes in epoch["texts"]:
            recounted[(number, revision)] = tally(votes)
        listed = set()
        for number, revision, counts in epoch["totals"]:
            listed.add((number, revision))
            counted = recounted.get((number, revision), (0, 0, 0))
            if counted != counts:
                note(f"amendment {number} ({revision[:12]}): the receipts count {words(counted)}; "
                     f"totals.tsv says {words(counts)}")
        for number, revision, _ in epoch["texts"]:
            if (number, revision) not in listed:
                note(f"amendment {number} ({revision[:12]}): votes with no line in totals.tsv")
        sums = [sum(counts[i] for _, _, counts in epoch["totals"]) for i in range(3)]
        expected = {"Votes": sum(sums), "Supports": sums[0], "Against": sums[1], "Abstentions": sums[2],
                    "Amendments": len(epoch["amendments"])}
        for key in sorted(expected):
            if recorded["totals"].get(key) != expected[key]:
                said = recorded["totals"].get(key)
                note(f"its message says {key}: {said if said is not None else 'nothing'}, its files {expected[key]}")
        # Receipts.
        seen = {}
        for number, _, votes in epoch["texts"]:
            for receipt, _ in votes:
                if receipt is None:
                    continue
                if receipt in seen:
                    other = seen[receipt]
                    note(f"amendment {number}: receipt {receipt} votes twice" if other == number
                         else f"receipt {receipt} is on amendments {other} and {number}")
                else:
                    seen[receipt] = number
        # Promotions and decisions.
        earlier = previous["epoch"] if previous else None
        kept = [p for p in epoch["promotions"] if p["epoch"] < epoch["number"]]
        if kept != (earlier["promotions"] if earlier else []):
            note("the promotions published before it are not those of the epoch before")
        if [d for d in epoch["decisions"] if d[0] < epoch["number"]] != (earlier["decisions"] if earlier else []):
            note("the decisions published before it are not those of the epoch before")
        for promotion in epoch["promotions"]:
            if promotion["epoch"] > epoch["number"]:
                note(f"amendment {promotion['number']}: a promotion is marked with the later epoch {promotion['epoch']}")
        for promotion in epoch["promotions"]:
            if promotion["epoch"] != epoch["number"]:
                continue
            rule = read_rule(promotion["rule"])
            if rule is None:
                refusal = "its rule does not read"
            else:
                met, explanation = decide(rule, promotion["tally"][0], promotion["tally"][1], [],
                                          promotion["at"] - promotion["age_hours"] * 3600, promotion["participants"],
                                          (promotion["rank"], ""), promotion["at"])
                refusal = None if met else explanation
            if refusal is not None:
                note(f"amendment {promotion['number']} ({promotion['revision'][:12]}): promoted, but its rule does "
                     f"not promote it on the facts recorded: {refusal}")
        for number in unpromoted(epoch):
            note(f"amendment {number}: the rule promotes it on the recounted votes, but it is not promoted")
        promoted = {(p["number"], p["revision"]) for p in epoch["promotions"]}
        for decision in epoch["decisions"]:
            if decision[0] == epoch["number"] and (decision[1], decision[2]) not in promoted:
                note(f"amendment {decision[1]}: decided ({decision[3]}) without being promoted")
        previous = recorded
    promotions = len(epochs[-1]["epoch"]["promotions"]) if epochs else 0
    counted = lambda count, noun: f"{count} {noun}{'' if count == 1 else 's'}"
    counts = ", ".join([counted(len(epochs), "epoch"), counted(len(amendments), "amendment"),
                        counted(promotions, "promotion")])
    if not problems:
        return problems, counts + ": all match"
    return problems, counts + f": {len(problems)} discrepanc{'y' if len(problems) == 1 else 'ies'}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().split("\n\n")[1])
    source = sys.argv[1]
    if os.path.isdir(source):
        epochs = ledger(source)
    elif source.startswith(("http://", "https://")):
        with tempfile.TemporaryDirectory(prefix="recount-") as folder:
            subprocess.run(["git", "clone", "--quiet", "--bare", "--no-tags", "--single-branch", "--branch",
                            "participation", "--", source, folder], check=True)
            epochs = ledger(folder)
    else:
        sys.exit(f"recount.py: {source} is neither a folder holding a clone nor an http(s) address")
    problems, summary = check(epochs)
    for line in problems:
        print(line)
    print(summary)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
