import Foundation
import GitKit
import Legislation

/// The last epoch on the ledger branch, as much as the next one needs: its commit, number and
/// tree, the audit row it was read at, and what it published (so each promotion and decision
/// keeps the epoch that first published it).
public struct LedgerHead: Sendable {
    /// Its commit.
    public var commit: String
    /// Its epoch number.
    public var number: Int
    /// The audit log's last row when it was read.
    public var auditID: Int64
    /// The promotions and decisions it published.
    public var promotions: [LedgerEpoch.Promotion]
    public var decisions: [LedgerEpoch.DecisionRow]
}

extension BillRepository {
    /// The ledger branch's last epoch, or nil before the first.
    public func ledgerHead() async throws -> LedgerHead? {
        try await git.run { (repository: Repository) throws -> LedgerHead? in
            guard let tip = try repository.resolveReference(GitLayout.ledger) else { return nil }
            let commit = try repository.readCommit(tip)
            var files: [String: [UInt8]] = [:]
            for name in [LedgerFiles.promotions, LedgerFiles.decisions] {
                if let entry = try repository.entry(atPath: name, inTree: commit.tree) {
                    files[name] = try repository.readBlob(entry.id)
                }
            }
            let epoch = try LedgerFiles.epoch(files: files, message: commit.message)
            return LedgerHead(
                commit: tip.hex, number: epoch.number, auditID: epoch.auditID, promotions: epoch.promotions,
                decisions: epoch.decisions)
        }
    }

    /// Writes `epoch` as the next commit of the ledger branch, after `previous` (the branch's
    /// tip as read, nil for the first epoch), moved by compare-and-swap. Files already stored are
    /// not written again. Returns the new commit, or nil when the epoch's files are those of the
    /// previous epoch (nothing changed: no commit).
    public func appendLedgerEpoch(_ epoch: LedgerEpoch, after previous: String?) async throws -> String? {
        try await git.run { (repository: Repository) throws -> String? in
            let parent = try previous.map { hex in
                guard let id = ObjectID(hex: hex) else { throw BillArchiveError(.corrupt, "`\(hex)` is no commit id") }
                return id
            }
            guard try repository.resolveReference(GitLayout.ledger) == parent else {
                throw BillArchiveError(.conflict, "the ledger moved while an epoch was being written; try again")
            }
            // Files already stored (most of them, from one epoch to the next) are not written
            // again; the others are compressed on every core, into one pack.
            let files = LedgerFiles.files(of: epoch)
            var ids: [ObjectID?] = []
            var missing: [Int] = []
            for (index, file) in files.enumerated() {
                let id = try repository.blobID(of: file.content)
                if try repository.contains(id) {
                    ids.append(id)
                } else {
                    ids.append(nil)
                    missing.append(index)
                }
            }
            let contents = missing.map { files[$0].content }
            let written = try repository.writeBlobsInOnePack(
                contents, lanes: ProcessInfo.processInfo.activeProcessorCount)
            for (index, id) in zip(missing, written) { ids[index] = id }
            let entries = try zip(files, ids).map { file, id in
                guard let id else { throw BillArchiveError(.io, "the ledger's \(file.path) was not written") }
                return TreeFile(path: file.path, blob: id)
            }
            let tree = try repository.withPackedWrites { scratch in try scratch.writeTree(entries) }
            if let parent, try repository.readCommit(parent).tree == tree { return nil }
            let signature = GitLayout.publisher(at: epoch.at)
            let commit = try repository.withPackedWrites { scratch in
                try scratch.writeCommit(
                    tree: tree, parents: parent.map { [$0] } ?? [], author: signature, committer: signature,
                    message: LedgerFiles.message(of: epoch, previous: previous))
            }
            if let parent {
                try repository.updateReference(
                    GitLayout.ledger, from: parent, to: commit, logMessage: "participation epoch \(epoch.number)")
            } else {
                try repository.createReference(
                    GitLayout.ledger, target: commit, logMessage: "participation epoch \(epoch.number)")
            }
            return commit.hex
        }
    }

    /// Every epoch of the ledger of the repository at `path` (a bill's repository, a clone or a
    /// mirror of one), oldest first, following the branch's first parents.
    public static func ledger(at path: String) throws -> [RecordedEpoch] {
        let repository: Repository
        do {
            repository = try Repository.open(at: path)
        } catch {
            throw BillArchiveError(.notFound, "no git repository at \(path)", cause: error)
        }
        let names = [GitLayout.ledger, "refs/remotes/origin/participation"]
        guard let tip = try names.lazy.compactMap({ try repository.resolveReference($0) }).first else {
            throw BillArchiveError(
                .notFound,
                "\(path) has no participation ledger (no `participation` branch): fetch it from the bill's server")
        }
        var epochs: [RecordedEpoch] = []
        var blobs: [ObjectID: [UInt8]] = [:]
        var next: ObjectID? = tip
        while let id = next {
            let commit = try repository.readCommit(id)
            var files: [String: [UInt8]] = [:]
            func read(_ tree: ObjectID, prefix: String) throws {
                for entry in try repository.readTree(tree) {
                    switch entry.kind {
                    case .tree: try read(entry.id, prefix: prefix + entry.name + "/")
                    case .blob:
                        if blobs[entry.id] == nil { blobs[entry.id] = try repository.readBlob(entry.id) }
                        files[prefix + entry.name] = blobs[entry.id]
                    case .other: continue
                    }
                }
            }
            try read(commit.tree, prefix: "")
            do {
                let epoch = try LedgerFiles.epoch(files: files, message: commit.message)
                let previous = GitLayout.trailer("Previous-Epoch", in: commit.message)
                epochs.append(
                    RecordedEpoch(
                        epoch: epoch, commit: id.hex, parent: commit.parents.first?.hex,
                        previous: previous == "none" ? nil : previous,
                        messageTotals: LedgerFiles.messageTotals(commit.message)))
            } catch let error as BillArchiveError {
                throw BillArchiveError(
                    error.code, "epoch \(id.hex): \(error.description)", file: error.file, line: error.line)
            }
            next = commit.parents.first
        }
        return epochs.reversed()
    }
}
