import ArgumentParser
import Foundation
import Hemicycle
import Legislation

extension Role: ExpressibleByArgument {}

/// `hemicycle account …`: the first staff and admin accounts, and role changes.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Create accounts and change roles (run by an operator).",
        subcommands: [AccountCreate.self, AccountRole.self])
}

/// `hemicycle account create <handle> --role <role>`, the password read from standard input.
struct AccountCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an account; the password is read from standard input (10 to 72 bytes).",
        discussion: "Example: printf '%s\\n' \"$PASSWORD\" | hemicycle account create marianne --role staff")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The handle: 3 to 32 of a-z, 0-9, '.', '_', '-'.")
    var handle: String

    @Option(help: "citizen, rapporteur, staff or admin.")
    var role: Role = .citizen

    func run() async throws {
        let password = try Password.read(prompt: "password for \(handle): ")
        let account = try await data.engine().createAccount(handle: handle, password: password, role: role)
        if output.json { return try Output.json(account) }
        print("created \(account.handle) (\(account.role)), id \(account.id)")
    }
}

/// `hemicycle account role <handle> <role>`.
struct AccountRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "role", abstract: "Change an account's role.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The account's handle.")
    var handle: String

    @Argument(help: "citizen, rapporteur, staff or admin.")
    var role: Role

    func run() async throws {
        let account = try await data.engine().setRole(role, of: handle)
        if output.json { return try Output.json(account) }
        print("\(account.handle) is now \(account.role)")
    }
}

/// Reads one line from standard input, without echo on a terminal.
enum Password {
    static func read(prompt: String) throws -> String {
        let terminal = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if terminal {
            FileHandle.standardError.write(Data(prompt.utf8))
            tcgetattr(STDIN_FILENO, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        }
        defer {
            if terminal {
                tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        return line
    }
}
