import Foundation
import WordDiff

/// Akoma Ntoso 3.0 (OASIS LegalDocML) `amendment` documents, one per amendment, shaped as the
/// Italian Senate publishes its own: FRBR identification, the bill amended as the affected
/// document, the proponent, and in the body the target (article and alinéas, as references
/// into the bill), the dispositif and the exposé sommaire as justification.
enum AkomaNtosoExport {
    static let namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

    /// Every amendment's document, in a ZIP archive (`amendement-<N>.akn.xml`), written and
    /// compressed on every core.
    static func archive(_ export: BillExport) throws -> Data {
        try ZipArchive.archive(count: export.amendments.count, modified: export.generatedAt) { index in
            let amendment = export.amendments[index]
            return ZipArchive.File(
                name: "amendement-\(amendment.number).akn.xml", data: Data(document(amendment, of: export).utf8))
        }
    }

    /// One amendment's document.
    static func document(_ amendment: ExportedAmendment, of export: BillExport) -> String {
        let bill = "/akn/fr/bill/\(iri(export.bill))/\(iri(amendment.baseVersion))"
        let work = "/akn/fr/amendment/\(iri(export.bill))/\(amendment.number)"
        let date = day(amendment.createdAt)
        let generated = day(export.generatedAt)
        let author = escape(amendment.author.isEmpty ? "anonyme" : amendment.author)
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <akomaNtoso xmlns="\(namespace)">
              <amendment name="amendement" contains="originalVersion">
                <meta>
                  <identification source="#hemicycle">
                    <FRBRWork>
                      <FRBRthis value="\(work)/!main"/>
                      <FRBRuri value="\(work)"/>
                      <FRBRdate date="\(date)" name="depot"/>
                      <FRBRauthor href="#auteur"/>
                      <FRBRcountry value="fr"/>
                      <FRBRnumber value="\(amendment.number)"/>
                      <FRBRname value="amendement"/>
                    </FRBRWork>
                    <FRBRExpression>
                      <FRBRthis value="\(work)/fra@/!main"/>
                      <FRBRuri value="\(work)/fra@"/>
                      <FRBRdate date="\(date)" name="depot"/>
                      <FRBRauthor href="#auteur"/>
                      <FRBRlanguage language="fra"/>
                    </FRBRExpression>
                    <FRBRManifestation>
                      <FRBRthis value="\(work)/fra@/!main.xml"/>
                      <FRBRuri value="\(work)/fra@.akn"/>
                      <FRBRdate date="\(generated)" name="generation"/>
                      <FRBRauthor href="#hemicycle"/>
                    </FRBRManifestation>
                  </identification>
                  <lifecycle source="#hemicycle">
                    <eventRef eId="evt_1" date="\(date)" source="#original" type="generation"/>
                  </lifecycle>
                  <references source="#hemicycle">
                    <original eId="original" href="\(work)/fra@/!main" showAs="Amendement n° \(amendment.number)"/>
                    <activeRef eId="projet" href="\(bill)" showAs="\(escape(export.title))"/>
                    <TLCOrganization eId="hemicycle" href="/ontology/organization/hemicycle" showAs="Hemicycle"/>
                    <TLCPerson eId="auteur" href="/ontology/person/\(iri(amendment.author))" showAs="\(author)"/>
                  </references>
                </meta>
                <preface>
                  <p><affectedDocument href="#projet">\(escape(export.title))</affectedDocument></p>
                  <p><docNumber>Amendement n° \(amendment.number)</docNumber></p>
                  <p><docProponent refersTo="#auteur">\(author)</docProponent></p>
                  <p><docTitle>\(escape(amendment.title))</docTitle></p>
                </preface>
                <amendmentBody>

            """
        for (index, part) in amendment.dispositif.parts.enumerated() {
            let target = "art_\(iri(part.article).replacingOccurrences(of: "%20", with: "_"))"
            let alineas =
                part.alineas.isEmpty
                ? ""
                : ", alinéa" + (part.alineas.count > 1 ? "s " : " ")
                    + part.alineas.map { "<ref href=\"\(bill)/!main#\(target)__al_\($0)\">\($0)</ref>" }
                    .joined(separator: ", ")
            xml += """
                      <amendmentHeading eId="entete_\(index + 1)">
                        <p><ref href="\(bill)/!main#\(target)">Article \(escape(part.article))</ref>\(alineas)</p>
                      </amendmentHeading>
                      <amendmentContent eId="dispositif_\(index + 1)">
                        <p>\(escape(part.heading))</p>

                """
            for paragraph in part.text.components(separatedBy: "\n\n") where !paragraph.isEmpty {
                xml += "          <p>\(escape(paragraph))</p>\n"
            }
            xml += "        </amendmentContent>\n"
        }
        if !amendment.summary.isEmpty {
            xml += "        <amendmentJustification eId=\"expose\">\n"
            for paragraph in amendment.summary.components(separatedBy: "\n\n") where !paragraph.isEmpty {
                xml += "          <p>\(escape(paragraph))</p>\n"
            }
            xml += "        </amendmentJustification>\n"
        }
        return xml + "    </amendmentBody>\n  </amendment>\n</akomaNtoso>\n"
    }

    /// `2015-12-09`, as `xsd:date` reads it.
    static func day(_ date: Date) -> String {
        String(date.ISO8601Format().prefix(10))
    }

    /// A label or name as a part of an IRI path: unreserved characters kept, the rest escaped.
    static func iri(_ text: String) -> String {
        let plain = text.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D
                || $0 == 0x2E || $0 == 0x5F || $0 == 0x7E
        }
        if plain { return text }
        return text.addingPercentEncoding(
            withAllowedCharacters: .alphanumerics.union(CharacterSet(charsetString: "-._~")))
            ?? "_"
    }

    /// Text escaped for XML; characters XML 1.0 forbids are dropped.
    static func escape(_ text: String) -> String {
        // Only a control byte or the lead byte of U+Fxxx can start a forbidden character.
        let clean = !text.utf8.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0xEF }
        if clean { return HTMLRenderer.escape(text) }
        var allowed = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
            if scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
            allowed.append(scalar)
        }
        return HTMLRenderer.escape(String(allowed))
    }
}

extension CharacterSet {
    fileprivate init(charsetString: String) {
        self.init(charactersIn: charsetString)
    }
}
