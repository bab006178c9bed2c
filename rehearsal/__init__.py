"""The rehearsal: our synth output planned, gated, applied, refreshed and drifted with the
real Terraform and the real hashicorp/aws plugin against an AWS emulator on loopback."""
