import { Server } from 'node:http';
import { AddressInfo } from 'node:net';

import express, { Request, Response } from 'express';

import { GuestMetadata, METADATA_ITEMS, MetadataItem } from './guest-metadata';

/** Finds the VM behind a request's source address, as the virtual router does. */
export type GuestMetadataLookup = (sourceAddress: string) => GuestMetadata | undefined;

const TEXT = 'text/plain; charset=UTF-8';
const isItem = (name: string): name is MetadataItem => (METADATA_ITEMS as readonly string[]).includes(name);

/**
 * CloudStack's virtual router user-data / meta-data service: `GET /latest/user-data`, `GET /latest/meta-data/`
 * (the index) and `GET /latest/meta-data/<item>` (also `/latest/<item>`, the older form), answered for the VM
 * whose address the request comes from.
 */
export class MetadataServer {
  private server?: Server;

  constructor(private readonly lookup: GuestMetadataLookup) {}

  /** Resolves with the port it listens on (port 0 picks a free one). */
  listen(host: string, port: number): Promise<number> {
    const app = express();
    app.disable('x-powered-by');
    app.get('/latest/user-data', (req, res) => this.answer(req, res, (metadata) => metadata.userdata));
    app.get(['/latest/meta-data', '/latest/meta-data/'], (req, res) =>
      this.answer(req, res, () => METADATA_ITEMS.join('\n')),
    );
    app.get(['/latest/meta-data/:item', '/latest/:item'], (req, res) => {
      const item = String(req.params.item);
      this.answer(req, res, (metadata) => (isItem(item) ? metadata.items[item] : undefined));
    });
    app.use((_req: Request, res: Response) => res.status(404).type(TEXT).send('Not Found'));
    return new Promise((resolve, reject) => {
      const server = app.listen(port, host);
      server.once('listening', () => {
        this.server = server;
        resolve((server.address() as AddressInfo).port);
      });
      server.once('error', reject);
    });
  }

  close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private answer(req: Request, res: Response, pick: (metadata: GuestMetadata) => string | Buffer | undefined): void {
    const source = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const metadata = this.lookup(source);
    const body = metadata ? pick(metadata) : undefined;
    if (body === undefined) {
      res.status(404).type(TEXT).send('Not Found');
      return;
    }
    res.status(200).type(TEXT).send(body);
  }
}
