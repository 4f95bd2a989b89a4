import { Socket } from "node:net";

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

/**
 * A client socket that can be told to die after sending N more bytes, like a writer process killed in the
 * middle of a statement. `tornMessage` false cuts at the write boundary instead of inside it (the PGlite
 * socket server cannot survive a torn protocol message).
 */
export class TrippableSocket extends Socket {
  private disarm: (() => void) | undefined;

  /** Arms the socket: it is destroyed once `bytes` more bytes have been written. */
  tripAfter(bytes: number, tornMessage = true): void {
    // net.Socket installs its own `write` on the instance when connecting, so wrap whatever is there now.
    const original = this.write as Write;
    let budget = bytes;
    const tripping: Write = (chunk, ...rest) => {
      if (!(chunk instanceof Uint8Array) || chunk.length < budget) {
        budget -= chunk instanceof Uint8Array ? chunk.length : 0;
        return original.call(this, chunk, ...rest);
      }
      this.restore();
      if (tornMessage) original.call(this, chunk.subarray(0, budget), () => this.destroy());
      else this.destroy();
      return false;
    };
    this.write = tripping as Socket["write"];
    this.disarm = () => (this.write = original as Socket["write"]);
  }

  /** Disarms the socket if it has not tripped. */
  restore(): void {
    this.disarm?.();
    this.disarm = undefined;
  }
}
