// Loads every command module, so that each registers itself.
import './get';
import './apply';
import './create';
import './delete';
import './scale';
import './label';
import './set';
import './expose';
import './rollout';
import './logs';
import './exec';
import './run';
import './info';
import './describe';
import './edit';
import './explain';
