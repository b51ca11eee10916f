#!/usr/bin/env bash
# The command-line suite: drives the built `hemicycle` binary and stock git, the way staff and
# git users would. Usage: Tests/cli/run.sh <path to hemicycle>
set -u
hemicycle=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/hemicycle-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HEMICYCLE_DATA_DIR="$work/data"
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home"
mkdir -p "$HOME"
. "$(dirname "$0")/checks.sh"

stock_git_checks() { # stock_git_checks <slug> <versions> <folder the checkout must equal>
  local slug=$1 versions=$2 folder=$3 clone="$work/clone-$1"
  check "$slug: git clone works" git clone --quiet "$HEMICYCLE_DATA_DIR/bills/$slug.git" "$clone"
  check "$slug: the checkout is exactly the bill folder" diff -r -x .git "$clone" "$folder"
  check "$slug: git tag lists v1…v$versions" test "$(git -C "$clone" tag | tr '\n' ' ')" = "$(seq -s ' ' -f 'v%g' 1 "$versions") "
  check "$slug: git log shows one commit per version" test "$(git -C "$clone" log --oneline | wc -l)" -eq "$versions"
  check "$slug: git diff v1 v2 --stat lists article files" sh -c "git -C '$clone' diff v1 v2 --stat | grep -q 'articles/'"
  check "$slug: git fsck --strict reports nothing" sh -c "test -z \"\$(git -C '$HEMICYCLE_DATA_DIR/bills/$slug.git' fsck --strict 2>&1)\""
}

# The demo bill: three stages become v1, v2, v3.
check "import the demo bill" "$hemicycle" bill import "$root/bills/republique-numerique"
check "bill list shows 3 versions" sh -c "'$hemicycle' bill list --json | grep -c '\"number\" : \"v' | grep -qx 3"
check "bill article prints numbered alinéas" sh -c "'$hemicycle' bill article republique-numerique 1er --version v1 | grep -q '^2\\. I\\. Les deuxième'"
check "bill history lists the versions that changed an article" sh -c "'$hemicycle' bill history republique-numerique '2 bis' | grep -q '^v3 .*added'"
check "bill show prints the structure" sh -c "'$hemicycle' bill show republique-numerique --version v2 | grep -q 'Chapitre Ier'"
check "bill show prints the divisions' intitulés" sh -c "'$hemicycle' bill show republique-numerique --version v2 | grep -qx 'TITRE Ier — LA CIRCULATION DES DONNÉES ET DU SAVOIR'"
check "bill show prints each stage's real date" sh -c "'$hemicycle' bill show republique-numerique | grep -q '^  v2  2015-12-09 '"
check "the version's commit and tag carry the stage's date" sh -c "test \"\$(git --git-dir='$HEMICYCLE_DATA_DIR/bills/republique-numerique.git' log -1 --format='%ad %cd' --date=short v2)\" = '2015-12-09 2015-12-09' && git --git-dir='$HEMICYCLE_DATA_DIR/bills/republique-numerique.git' for-each-ref --format='%(taggerdate:short)' refs/tags/v2 | grep -qx 2015-12-09"
spellings=("1er bis a" "Article 1ER BIS A" "Art. 1ᵉʳ bis A" $'1er\xc2\xa0bis A' "1erbis a")
for typed in "${spellings[@]}"; do
  check "bill article reads the label typed as '$typed'" sh -c "'$hemicycle' bill article republique-numerique '$typed' | grep -q '^Article 1er bis A'"
done
check "an unreadable label names the faulty part" sh -c "'$hemicycle' bill article republique-numerique '2/bis' 2>&1 | grep -q '\`/\` cannot be part of an article label.*nearest: 2 bis'"
check "an unknown label lists the nearest ones" sh -c "'$hemicycle' bill article republique-numerique '2 quinquies' 2>&1 | grep -q 'nearest: 2 bis'"
stock_git_checks republique-numerique 3 "$root/bills/republique-numerique/03-Texte adopté par la commission des lois de l'Assemblée nationale"

# A bill written as one Markdown draft, then a second version.
cat >"$work/numerique.md" <<'DRAFT'
title: Projet de loi pour une République numérique

# TITRE Ier : LA CIRCULATION DES DONNÉES ET DU SAVOIR

## Chapitre Ier : Économie de la donnée

### Article 1er

Sous réserve des dispositions des articles L. 311-5 et L. 311-6, les administrations mentionnées à l’article L. 300-2 du même code sont tenues de communiquer les documents administratifs qu’elles détiennent.

### Article 2

Le code des relations entre le public et l’administration est ainsi modifié :

1° Après l’article L. 311-3, il est inséré un article L. 311-3-1 ainsi rédigé :

« Art. L. 311-3-1. – Sous réserve des dispositions de l’article L. 311-5, toute décision individuelle… »
DRAFT
check "import a Markdown draft" "$hemicycle" bill import "$work/numerique.md" --slug numerique
sed -i 's/### Article 2/### Article 1er bis\n\nLes données de référence sont mises à disposition.\n\n### Article 2/' "$work/numerique.md"
check "publish a second version from the edited draft" "$hemicycle" bill publish numerique "$work/numerique.md" --stage "Texte de la commission"
check "the draft was split into the folder format" sh -c "git --git-dir='$HEMICYCLE_DATA_DIR/bills/numerique.git' ls-tree -r --name-only v2 | tr '\n' ' ' | grep -qx 'articles/article-1er-bis.md articles/article-1er.md articles/article-2.md bill.md '"
check "publishing the same text again is refused" status_is 1 "$hemicycle" bill publish numerique "$work/numerique.md" --stage "Encore"
check "commits name the institution, never a person" sh -c "test \"\$(git --git-dir='$HEMICYCLE_DATA_DIR/bills/numerique.git' log --format='%an <%ae> %cn <%ce>' | sort -u)\" = 'Hemicycle <hemicycle@invalid> Hemicycle <hemicycle@invalid>'"
mkdir -p "$work/numerique-folder" && git --git-dir="$HEMICYCLE_DATA_DIR/bills/numerique.git" archive v2 | tar -x -C "$work/numerique-folder"
stock_git_checks numerique 2 "$work/numerique-folder"

# Diffs.
check "bill compare v2 v3 lists the 53 articles the committee added" sh -c "'$hemicycle' bill compare republique-numerique v2 v3 --format text | grep -q '^53 added, 0 removed'"
check "bill compare counts typography-only articles apart" sh -c "'$hemicycle' bill compare republique-numerique v2 v3 --format text | grep -q '^53 added, 0 removed, 46 modified, 0 typography only, '"
check "bill compare marks typographic changes apart" sh -c "'$hemicycle' bill compare republique-numerique v2 v3 --format text | grep -q '\[~L\. [0-9-]*~\]{~L\. '"
check "--ignore-typography leaves no typographic marker" sh -c "! '$hemicycle' bill compare republique-numerique v2 v3 --format text --ignore-typography | grep -q -e '\[~' -e '{~'"
printf 'Le 6 janvier, selon l’article L. 311-5.\n' >"$work/typo-before.txt"
printf 'Le 6\302\240janvier, selon l'"'"'article L. 311\342\200\2215.\n' >"$work/typo-after.txt"
check "diff --ignore-typography shows no change where only typography changed" sh -c "test \"\$('$hemicycle' diff '$work/typo-before.txt' '$work/typo-after.txt' --format text --ignore-typography)\" = \"\$(cat '$work/typo-after.txt')\""
printf 'Les personnes publiques et privées.\n' >"$work/before.txt"
printf 'Les personnes publiques ou privées.\n' >"$work/after.txt"
check "diff marks words in plain text" sh -c "test \"\$('$hemicycle' diff '$work/before.txt' '$work/after.txt' --format text)\" = 'Les personnes publiques [-et-]{+ou+} privées.'"
counts="$root/../shared/fixtures/republique-numerique/consultation-2015-vote-counts.csv"
check "rule simulate on the 2015 counts promotes the 48 amendements with 100 supports or more" sh -c "'$hemicycle' rule simulate republique-numerique --rule '{\"minimumSupports\": 100}' --votes '$counts' --json | grep -q '\"promotedCount\" : 48,'"
check "rule show prints the bill's rule, none yet" sh -c "'$hemicycle' rule show republique-numerique | grep -q '\"bill\" : \"republique-numerique\"'"
check "rule simulate refuses a rule that is not one (exit 1)" status_is 1 "$hemicycle" rule simulate republique-numerique --rule '{"minimumSupport": 1}'
check "rule set stores the rule" "$hemicycle" rule set republique-numerique '{"minimumSupports": 100, "topPerArticle": 3}'
check "rule show prints the rule set" sh -c "'$hemicycle' rule show republique-numerique | grep -q '\"topPerArticle\" : 3'"
check "rule set refuses a bad rule and keeps the old one" sh -c "! '$hemicycle' rule set republique-numerique '{\"minimumSupports\": 0}' && '$hemicycle' rule show republique-numerique | grep -q '\"minimumSupports\" : 100'"
check "rule set null clears the rule" sh -c "'$hemicycle' rule set republique-numerique null && ! '$hemicycle' rule show republique-numerique | grep -q minimumSupports"
check "queue of a bill with nothing queued says so" sh -c "'$hemicycle' queue republique-numerique | grep -q '^0 amendment(s) queued on republique-numerique; rapporteurs: none assigned'"
check "bill adopt refuses while participation is open, and says so" sh -c "'$hemicycle' bill adopt republique-numerique --stage 'Texte de la commission' 2>&1 | grep -q 'participation on republique-numerique is still open: close it before adopting'"
check "bill adopt exits 1 when it refuses" status_is 1 "$hemicycle" bill adopt republique-numerique --stage 'Texte de la commission'
check "bill adopt refuses a list of numbers that is not one (a usage error, exit 2)" status_is 2 "$hemicycle" bill adopt republique-numerique --stage S --amendments '12,x'
check "bill provenance credits each alinéa of v1 to v1" sh -c "'$hemicycle' bill provenance republique-numerique 1er --version v1 | sed -n 2p | grep -q '^1\\. v1  as published'"
# A bill folder whose manifest declares its rule as a block of criteria.
cp -r "$root/bills/republique-numerique/01-Avant-projet de loi soumis à la consultation" "$work/avec-regle"
sed -i 's/^date: 2015-09-25$/date: 2015-09-25\nrule:\n  minimumSupports: 50\n  requireNetSupport: true\n  evaluation: atClose/' "$work/avec-regle/bill.md"
check "a manifest's rule block is applied on import" sh -c "'$hemicycle' bill import '$work/avec-regle' --slug avec-regle && '$hemicycle' rule show avec-regle | grep -q '\"evaluation\" : \"atClose\"'"
check "the rule stays in the manifest in git" sh -c "git --git-dir='$HEMICYCLE_DATA_DIR/bills/avec-regle.git' show main:bill.md | grep -qx 'rule: {\"evaluation\":\"atClose\",\"minimumSupports\":50,\"requireNetSupport\":true}'"
check "diff of a missing file exits 1" status_is 1 "$hemicycle" diff "$work/nowhere.txt" "$work/after.txt"

# Amendments read from the terminal (the demo amendments are read after the first start below).
check "amendment list of a bill without amendments says so" sh -c "'$hemicycle' amendment list republique-numerique | grep -qx '0 amendments'"
check "amendment show of an unknown amendment exits 1" status_is 1 "$hemicycle" amendment show republique-numerique 1

# Exit codes and errors.
check "--help exits 0" status_is 0 "$hemicycle" bill import --help
check "a usage error exits 2" status_is 2 "$hemicycle" bill frobnicate
check "a missing argument exits 2" status_is 2 "$hemicycle" bill article
check "serve refuses a limit out of range (exit 2)" status_is 2 "$hemicycle" serve --changes-per-amendment 0
check "serve refuses a trusted proxy that is not an address (exit 2)" status_is 2 "$hemicycle" serve --trusted-proxy proxy.example
check "an unknown article exits 1" status_is 1 "$hemicycle" bill article republique-numerique 99
check "an unknown bill exits 1" status_is 1 "$hemicycle" bill show absent
mkdir -p "$work/bad" && cp -r "$root/bills/republique-numerique/02-Projet de loi après avis du Conseil d'État/." "$work/bad"
echo "Article 99" >"$work/bad/articles/article-99.md"
check "a bad folder fails with the file named and creates nothing" sh -c "
  '$hemicycle' bill import '$work/bad' --slug bad 2>&1 | grep -q 'articles/article-99.md: this article file is not listed'
  test ! -e '$HEMICYCLE_DATA_DIR/bills/bad.git' && test -z \"\$(ls -A '$HEMICYCLE_DATA_DIR/bills' | grep -v -e republique-numerique.git -e numerique.git -e avec-regle.git)\""

# First start: `hemicycle serve` on an empty data directory imports the demo bill and proposes
# the demo amendments on its version 2.
port=$(( 20000 + RANDOM % 20000 ))
(cd "$root" && exec "$hemicycle" serve --data-dir "$work/first-start" --port "$port") >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
check "a first start serves the demo bill with its five committee amendments on v2" sh -c "
  curl -sf 'http://127.0.0.1:$port/api/v1/bills/republique-numerique/amendments' >'$work/demo.json' &&
  grep -q '\"total\":5' '$work/demo.json' && test \$(grep -o '\"baseVersion\":\"v2\"' '$work/demo.json' | wc -l) -eq 5"
check "an amendment's diff reads as text over HTTP" sh -c "curl -sf 'http://127.0.0.1:$port/api/v1/bills/republique-numerique/amendments/1/diff?format=text' | head -1 | grep -q '^== Article 7 (modified) ==$'"
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null
check "amendment list shows the demo amendments, most supported first" sh -c "'$hemicycle' amendment list republique-numerique --sort support --data-dir '$work/first-start' | head -1 | grep -qx '5 amendments'"
check "amendment show prints the exposé and the diff as text" sh -c "'$hemicycle' amendment show republique-numerique 2 --format text --data-dir '$work/first-start' | grep -q '^== Article 12 (modified) ==$'"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
