// Loads every command module, so that each registers itself.
import './get';
