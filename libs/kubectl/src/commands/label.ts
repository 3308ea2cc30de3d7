import { labelLikeCommand } from './label-like';
import { register } from './registry';

register(labelLikeCommand('label'), labelLikeCommand('annotate'));
