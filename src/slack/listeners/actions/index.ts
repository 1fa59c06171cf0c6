import type { App, BlockAction, ButtonAction, ExternalSelectAction, StaticSelectAction } from '@slack/bolt';
import { ACTIONS } from '../../ids';
import type { ListenerDeps } from '../deps';
import { limitActionsPerPerson } from '../rate-limit';
import { handleApprove } from './approve';
import { handleCheckAgain } from './check-again';
import { handleGetHuman } from './get-human';
import { handleHomeRefresh } from './home-refresh';
import { handleItWorksNow } from './it-works-now';
import { handlePickChoice } from './pick-choice';
import { handlePickSymptom } from './pick-symptom';
import { handleReject } from './reject';

/** Registers every button and select. Each one that costs AWS calls or posts to a channel goes through
 * the person's rate limit first. */
export function register(app: App, deps: ListenerDeps): void {
  const limited = limitActionsPerPerson(deps);
  app.action<BlockAction<ButtonAction>>(ACTIONS.checkAgain, limited, handleCheckAgain(deps));
  app.action<BlockAction<StaticSelectAction>>(ACTIONS.pickSymptom, limited, handlePickSymptom(deps));
  app.action<BlockAction<ButtonAction>>(ACTIONS.itWorksNow, limited, handleItWorksNow(deps));
  app.action<BlockAction<ButtonAction>>(ACTIONS.getHuman, limited, handleGetHuman(deps));
  app.action<BlockAction<ButtonAction>>(ACTIONS.approve, limited, handleApprove(deps));
  app.action<BlockAction<ButtonAction>>(ACTIONS.reject, handleReject(deps));
  app.action<BlockAction<ExternalSelectAction>>(
    ACTIONS.pickPermissionSet,
    limited,
    handlePickChoice(deps, 'permission-set'),
  );
  app.action<BlockAction<ExternalSelectAction>>(
    ACTIONS.pickAccount,
    limited,
    handlePickChoice(deps, 'account'),
  );
  app.action<BlockAction<ButtonAction>>(ACTIONS.homeRefresh, handleHomeRefresh(deps));
}
