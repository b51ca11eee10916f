import EngineTestSupport
import Foundation
import Legislation
import TestSupport
import Testing

@testable import Hemicycle

/// The ZIP writer behind the Akoma Ntoso export, read back by Python's `zipfile` (a reader we
/// did not write): names, contents, checksums, methods and dates.
@Suite struct ZipArchiveTests {
    @Test(.disabled(if: ExternalTool.missing("python3"), "python3 is not installed (make test installs it)"))
    func pythonsZipfileReadsBackEveryFileAsWritten() throws {
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<5_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let files =
            [
                ZipArchive.File(
                    name: "amendement-1.akn.xml",
                    data: Data(String(repeating: "<p>Alinéa « répété » ; </p>\n", count: 2_000).utf8)),
                ZipArchive.File(name: "aleatoire.bin", data: noise),
                ZipArchive.File(name: "vide.txt", data: Data()),
            ] + (1...300).map { ZipArchive.File(name: "n/\($0).txt", data: Data("Article \($0)\n".utf8)) }
        let modified = ISO8601DateFormatter().date(from: "2016-01-26T17:45:31Z")!
        let archive = try ZipArchive.archive(count: files.count, modified: modified) { files[$0] }
        let directory = try TemporaryDirectory()
        let path = directory.appending("test.zip")
        try archive.write(to: path)
        let script = """
            import hashlib, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            print(z.testzip())
            for i in z.infolist()[:3] + z.infolist()[-1:]:
                print(i.filename, i.compress_type, i.file_size, i.date_time, hashlib.sha256(z.read(i)).hexdigest())
            print(len(z.infolist()))
            """
        let (status, output) = try ExternalTool.run("python3", ["-c", script, path.path])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        func digest(_ data: Data) -> String { Hexadecimal.encode(Engine.sha256(Array(data))) }
        #expect(lines.first == "None", "\(output)")
        #expect(lines.count == 6, "\(output)")
        guard lines.count == 6 else { return }
        let time = "(2016, 1, 26, 17, 45, 30)"
        #expect(lines[1] == "amendement-1.akn.xml 8 \(files[0].data.count) \(time) \(digest(files[0].data))")
        #expect(lines[2] == "aleatoire.bin 0 5000 \(time) \(digest(noise))")
        #expect(lines[3] == "vide.txt 0 0 \(time) \(digest(Data()))")
        #expect(lines[4] == "n/300.txt 0 12 \(time) \(digest(files.last!.data))")
        #expect(lines[5] == "303")
    }

    @Test func anArchiveBeyondWhatZipWithoutZip64HoldsIsRefused() {
        #expect(throws: ZipArchive.Failure.self) {
            try ZipArchive.archive(count: 70_000, modified: Date()) { ZipArchive.File(name: "\($0)", data: Data()) }
        }
    }
}
