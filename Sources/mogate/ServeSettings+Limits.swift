// mogate — SMPP 3.4 MO gateway and carrier emulator.
// SPDX-License-Identifier: Apache-2.0

import MOGateway
import SMPPNIO

extension ServeSettings {
    /// Applies the limits and the accounts file. Unset keeps the library defaults; 0 turns a count limit off.
    func applyLimits(to configuration: inout GatewayConfiguration) throws {
        var limits = configuration.smpp.limits
        if let value = self.maxConnections { limits.maximumConnections = value == 0 ? nil : value }
        if let value = self.maxConnectionsPerIP { limits.maximumConnectionsPerIP = value == 0 ? nil : value }
        if let value = self.maxFailedBindsPerMinute { limits.failedBindsPerIPPerMinute = value == 0 ? nil : value }
        if let value = self.maxBufferedBytes { limits.maximumBufferedBytes = value }
        configuration.smpp.limits = limits
        if let value = self.maxPDULength { configuration.smpp.session.maximumPDULength = value }
        if let value = self.maxOutstanding { configuration.smpp.session.inboundWindowSize = value }
        if let path = self.accountsFile {
            configuration.smpp.accounts += try HardeningOptions.accounts(fromFile: path)
        }
        if let limit = self.maxSessionsPerAccount, limit > 0 {
            for index in configuration.smpp.accounts.indices
            where configuration.smpp.accounts[index].maximumSessions == nil {
                configuration.smpp.accounts[index].maximumSessions = limit
            }
        }
    }
}
