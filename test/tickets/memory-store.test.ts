import { InMemoryTicketStore } from '../../src/tickets/memory-store';
import { describeTicketStore } from './store-behaviour';

describeTicketStore(
  'InMemoryTicketStore',
  async (clock, retention) => new InMemoryTicketStore(clock, retention),
);
